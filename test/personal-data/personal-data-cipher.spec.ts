import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { JsonObject, RecordedEvent } from '@cl/event-store';
import {
  BoundedKeyCache,
  ERASED,
  NoDataKeys,
  KeyStoreReadOnlyError,
  PERSONAL_FIELDS,
  PersonalDataCipher,
  UNREADABLE,
  fieldName,
  sealedFieldsOf,
  withSealedFields,
  type DataKey,
  type DataKeyStore,
  type PendingErasure,
} from '@cl/personal-data';
import { DATA_KEY_FILE, SqliteDataKeyStore } from '@cl/personal-data/sqlite';
import { makeTempDir } from '../support/temp-dir';

/** The real embedded key store, with the calls made to it written down. */
class RecordingKeyStore implements DataKeyStore {
  readonly currentKeyCalls: string[] = [];
  readonly keysByIdCalls: string[][] = [];
  constructor(readonly inner: DataKeyStore) {}
  currentKey(customerId: string): Promise<DataKey> {
    this.currentKeyCalls.push(customerId);
    return this.inner.currentKey(customerId);
  }
  keysById(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    this.keysByIdCalls.push([...keyIds]);
    return this.inner.keysById(keyIds);
  }
  hasKey(customerId: string): Promise<boolean> {
    return this.inner.hasKey(customerId);
  }
  erase(customerId: string): Promise<number> {
    return this.inner.erase(customerId);
  }
  pendingErasure(customerId: string): Promise<PendingErasure | undefined> {
    return this.inner.pendingErasure(customerId);
  }
  erasureAnnounced(erasure: PendingErasure): Promise<void> {
    return this.inner.erasureAnnounced(erasure);
  }
  close(): void {
    this.inner.close();
  }
}

type Decided = { type: string; data: Record<string, unknown> };

/** An event of `type` with every personal field set (nested ones too) beside non-personal fields. */
function withEveryPersonalField(type: string): Decided {
  const data: Record<string, unknown> = { complaintId: 'complaint-1', level: 2, tags: ['a', 'b'] };
  for (const path of PERSONAL_FIELDS[type]) {
    let holder = data;
    for (const name of path.slice(0, -1))
      holder = (holder[name] ??= { role: 'primary' }) as Record<string, unknown>;
    holder[path[path.length - 1]] = `${type} ${fieldName(path)}: Zoë's "words" ✓`;
  }
  return { type, data };
}

const valueAt = (data: object, path: readonly string[]): unknown =>
  path.reduce<unknown>((value, name) => (value as Record<string, unknown>)[name], data);

describe('PersonalDataCipher', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let keys: RecordingKeyStore;
  let cipher: PersonalDataCipher;
  let position = 0n;

  beforeEach(() => {
    dir = makeTempDir('cipher');
    keys = new RecordingKeyStore(new SqliteDataKeyStore(join(dir.path, DATA_KEY_FILE)));
    cipher = new PersonalDataCipher(keys);
  });
  afterEach(() => {
    keys.close();
    dir.remove();
  });

  /** The events as the store would give them back once appended with these ids and schemaVersion. */
  const recorded = (events: Decided[], ids: string[], schemaVersion = 2): RecordedEvent[] =>
    events.map((event, index) => ({
      id: ids[index],
      streamId: 'complaint-complaint-1',
      revision: index,
      position: ++position,
      type: event.type,
      data: event.data as JsonObject,
      metadata: { schemaVersion, correlationId: 'c' },
      recordedAt: '2026-03-01T00:00:00.000Z',
    }));

  async function sealedAndRecorded(customerId: string, events: Decided[]): Promise<RecordedEvent[]> {
    const ids = events.map(() => randomUUID());
    return recorded(await cipher.seal(customerId, events, ids), ids);
  }

  it('seals every personal field of every event type, and opens them as they were', async () => {
    const decided = Object.keys(PERSONAL_FIELDS).map(withEveryPersonalField);
    const asDecided = structuredClone(decided);
    const stored = await sealedAndRecorded('customer-1', decided);
    expect(decided).toEqual(asDecided); // sealing copies, never changes what it was given

    stored.forEach((event, index) => {
      for (const path of PERSONAL_FIELDS[event.type]) {
        const sealed = valueAt(event.data, path);
        expect(sealed).toMatch(
          /^pd1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
        );
        expect(JSON.stringify(event.data)).not.toContain('words');
      }
      const { complaintId, level, tags } = decided[index].data;
      expect(event.data).toMatchObject({ complaintId, level, tags });
    });
    expect(stored.find((event) => event.type === 'SatisfactionRecorded')!.data.respondent).toMatchObject({
      role: 'primary',
    });

    const opened = await cipher.open(stored);
    expect(opened.map(({ type, data }) => ({ type, data }))).toEqual(asDecided);
    expect(opened.map(({ id, metadata }) => ({ id, metadata }))).toEqual(
      stored.map(({ id, metadata }) => ({ id, metadata })),
    );
    expect(keys.currentKeyCalls).toEqual(['customer-1']);
    expect(keys.keysByIdCalls).toHaveLength(1);
  });

  it('gives the stored values by field name, and puts them back in opened data as stored', async () => {
    const [stored] = await sealedAndRecorded('customer-1', [withEveryPersonalField('SatisfactionRecorded')]);
    const sealed = sealedFieldsOf(stored)!;
    expect(Object.keys(sealed).sort()).toEqual(['comment', 'respondent.contactId']);
    const [opened] = await cipher.open([stored]);
    expect(withSealedFields(opened.data, sealed)).toEqual(stored.data);
  });

  it('leaves events of version 1 as they are, asking for no key', async () => {
    const clear = [withEveryPersonalField('ComplaintFiled'), withEveryPersonalField('SatisfactionRecorded')];
    const sealedLooking = {
      type: 'ComplaintResolved',
      data: { summary: 'pd1.someKey.AAAA.BBBB.CCCC', resolutionType: 'refund' },
    };
    const version1 = recorded([...clear, sealedLooking], [randomUUID(), randomUUID(), randomUUID()], 1);
    expect(await cipher.open(version1)).toEqual(version1);
    const unversioned = version1.map((event) => ({ ...event, metadata: { correlationId: 'c' } }));
    expect(await cipher.open(unversioned)).toEqual(unversioned);
    expect(keys.keysByIdCalls).toEqual([]);
  });

  it('touches no event without personal fields and asks for no key', async () => {
    const none: Decided[] = [
      { type: 'ComplaintAssigned', data: { agentId: 'agent-1' } },
      { type: 'ComplaintEscalated', data: { reason: 'sla_breach', level: 1 } }, // its note left out
      { type: 'PurchaseRecorded', data: { orderId: 'o-1', amount: 3, currency: 'EUR' } },
    ];
    const ids = none.map(() => randomUUID());
    const sealed = await cipher.seal('customer-1', none, ids);
    sealed.forEach((event, index) => expect(event).toBe(none[index]));
    expect(keys.currentKeyCalls).toEqual([]);
    expect(await keys.hasKey('customer-1')).toBe(false);

    const stored = recorded(sealed, ids);
    expect(await cipher.open(stored)).toEqual(stored);
    expect(keys.keysByIdCalls).toEqual([]);
  });

  it('opens a sealed value only in its own event and field', async () => {
    const [filed, other] = await sealedAndRecorded('customer-1', [
      withEveryPersonalField('ComplaintFiled'),
      withEveryPersonalField('ComplaintFiled'),
    ]);
    const [satisfaction] = await sealedAndRecorded('customer-1', [
      withEveryPersonalField('SatisfactionRecorded'),
    ]);
    const movedToOtherEvent = { ...other, data: { ...other.data, description: filed.data.description } };
    const respondent = satisfaction.data.respondent as JsonObject;
    const movedToOtherField = {
      ...satisfaction,
      data: { ...satisfaction.data, respondent: { ...respondent, contactId: satisfaction.data.comment } },
    };
    const sameFieldOtherType = {
      ...filed,
      type: 'ComplaintReopened',
      data: { reason: filed.data.description },
    };

    const opened = await cipher.open([filed, movedToOtherEvent, movedToOtherField, sameFieldOtherType]);
    expect(opened[0].data.description).toBe(withEveryPersonalField('ComplaintFiled').data.description);
    expect(opened[1].data.description).toBe(UNREADABLE);
    expect(opened[2].data.comment).toBe(withEveryPersonalField('SatisfactionRecorded').data.comment);
    expect((opened[2].data.respondent as JsonObject).contactId).toBe(UNREADABLE);
    expect(opened[3].data.reason).toBe(UNREADABLE);
  });

  it('shows a tampered value as unreadable', async () => {
    const [stored] = await sealedAndRecorded('customer-1', [withEveryPersonalField('ComplaintFiled')]);
    const [format, keyId, binding, nonce, tag, body] = String(stored.data.description).split('.');
    const flip = (part: string) => `${part[0] === 'A' ? 'B' : 'A'}${part.slice(1)}`;
    const tampered = [
      [format, keyId, binding, nonce, tag, flip(body)],
      [format, keyId, binding, nonce, flip(tag), body],
      [format, keyId, binding, flip(nonce), tag, body],
      [format, keyId, binding, nonce, tag.slice(2), body],
      [format, keyId, binding, nonce, tag],
      [format, keyId, flip(binding), nonce, tag, body],
    ].map((parts) => ({ ...stored, data: { ...stored.data, description: parts.join('.') } }));
    for (const event of await cipher.open(tampered)) expect(event.data.description).toBe(UNREADABLE);
  });

  it("shows every personal field as erased once the customer's keys are gone, and the rest as it was", async () => {
    const events = Object.keys(PERSONAL_FIELDS).map(withEveryPersonalField);
    const erasedOnes = await sealedAndRecorded('customer-1', events);
    const [kept] = await sealedAndRecorded('customer-2', [withEveryPersonalField('ComplaintFiled')]);
    expect(await keys.erase('customer-1')).toBe(1);

    const opened = await cipher.open([...erasedOnes, kept]);
    opened.slice(0, -1).forEach((event, index) => {
      const expected = structuredClone(events[index].data);
      for (const path of PERSONAL_FIELDS[event.type]) {
        const holder = path.slice(0, -1).reduce((value, name) => value[name] as never, expected);
        holder[path[path.length - 1]] = ERASED;
      }
      expect(event.data).toEqual(expected);
    });
    expect(opened[opened.length - 1].data).toEqual(withEveryPersonalField('ComplaintFiled').data);
    expect(keys.keysByIdCalls).toHaveLength(1);
  });

  it('opens every sealed field as erased with NoDataKeys (no key file), which refuses to seal', async () => {
    const events = Object.keys(PERSONAL_FIELDS).map(withEveryPersonalField);
    const sealed = await sealedAndRecorded('customer-1', events);
    const keyless = new PersonalDataCipher(new NoDataKeys());
    const opened = await keyless.open(sealed);
    opened.forEach((event, index) => {
      const expected = structuredClone(events[index].data);
      for (const path of PERSONAL_FIELDS[event.type]) {
        const holder = path.slice(0, -1).reduce((value, name) => value[name] as never, expected);
        holder[path[path.length - 1]] = ERASED;
      }
      expect(event.data).toEqual(expected);
    });
    await expect(keyless.seal('customer-1', [events[0]], [randomUUID()])).rejects.toBeInstanceOf(
      KeyStoreReadOnlyError,
    );
  });

  it('opens the sealed values a read-model document keeps, wherever they sit, and erased ones as erased', async () => {
    const [filed, surveyed] = await sealedAndRecorded('customer-1', [
      withEveryPersonalField('ComplaintFiled'),
      withEveryPersonalField('SatisfactionRecorded'),
    ]);
    const [other] = await sealedAndRecorded('customer-2', [withEveryPersonalField('ComplaintFiled')]);
    const survey = surveyed.data as { comment: string; respondent: { contactId: string } };
    // A document in the shape of a view: the values moved to other paths, beside clear ones.
    const document = {
      items: [
        { description: filed.data.description, satisfaction: [{ comment: survey.comment, score: 4 }] },
        { description: other.data.description, contacts: [survey.respondent.contactId], status: 'open' },
      ],
      nextCursor: null,
    };
    const clear = await cipher.open([filed, surveyed, other]);
    const clearSurvey = clear[1].data as typeof survey;
    expect(await cipher.openValues(document)).toEqual({
      items: [
        {
          description: clear[0].data.description,
          satisfaction: [{ comment: clearSurvey.comment, score: 4 }],
        },
        {
          description: clear[2].data.description,
          contacts: [clearSurvey.respondent.contactId],
          status: 'open',
        },
      ],
      nextCursor: null,
    });
    await keys.erase('customer-1');
    expect(await cipher.openValues(document)).toEqual({
      items: [
        { description: ERASED, satisfaction: [{ comment: ERASED, score: 4 }] },
        { description: clear[2].data.description, contacts: [ERASED], status: 'open' },
      ],
      nextCursor: null,
    });
    const plain = { items: [{ description: 'in clear' }] };
    expect(await cipher.openValues(plain)).toBe(plain);
  });
});

describe('BoundedKeyCache', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let inner: RecordingKeyStore;
  let now: number;
  let cache: BoundedKeyCache;
  /** Every key id the cache asked the store for, in order. */
  const readIds = () => inner.keysByIdCalls.flat();

  beforeEach(() => {
    dir = makeTempDir('key-cache');
    inner = new RecordingKeyStore(new SqliteDataKeyStore(join(dir.path, DATA_KEY_FILE)));
    now = 1_000_000;
    cache = new BoundedKeyCache(inner, { maxEntries: 2, ttlMs: 5_000 }, () => now);
  });
  afterEach(() => {
    cache.close();
    dir.remove();
  });

  it('holds at most maxEntries keys or absences, dropping the oldest first', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((customer) => cache.currentKey(customer)));
    await cache.keysById([a.keyId]);
    await cache.keysById([b.keyId]);
    await cache.keysById([a.keyId, b.keyId]);
    expect(readIds()).toEqual([a.keyId, b.keyId]);

    const found = await cache.keysById([c.keyId, b.keyId]);
    expect(found.get(c.keyId)!.equals(c.key)).toBe(true);
    expect(found.get(b.keyId)!.equals(b.key)).toBe(true);
    expect(readIds()).toEqual([a.keyId, b.keyId, c.keyId]);
    await cache.keysById([a.keyId]); // dropped: read again
    expect(readIds()).toEqual([a.keyId, b.keyId, c.keyId, a.keyId]);

    await cache.keysById(['no-such-key']);
    expect((await cache.keysById(['no-such-key'])).size).toBe(0);
    expect(readIds().filter((id) => id === 'no-such-key')).toHaveLength(1); // the absence is held too
  });

  it('reads a key again once its ttl has passed, and then sees an erasure made elsewhere', async () => {
    const key = await cache.currentKey('a');
    await cache.keysById([key.keyId]);
    now += 4_999;
    expect((await cache.keysById([key.keyId])).has(key.keyId)).toBe(true);
    expect(readIds()).toEqual([key.keyId]);

    const elsewhere = new SqliteDataKeyStore(join(dir.path, DATA_KEY_FILE)); // another process
    try {
      expect(await elsewhere.erase('a')).toBe(1);
    } finally {
      elsewhere.close();
    }
    now += 1;
    expect((await cache.keysById([key.keyId])).has(key.keyId)).toBe(false);
    expect(readIds()).toEqual([key.keyId, key.keyId]);
  });

  it('forgets every key it held when it erases', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((customer) => cache.currentKey(customer)));
    await cache.keysById([a.keyId, b.keyId]);
    expect(await cache.erase('a')).toBe(1);
    const found = await cache.keysById([a.keyId, b.keyId]);
    expect(found.has(a.keyId)).toBe(false);
    expect(found.get(b.keyId)!.equals(b.key)).toBe(true);
    expect(readIds()).toEqual([a.keyId, b.keyId, a.keyId, b.keyId]);
  });

  it('never caches the current key', async () => {
    const first = await cache.currentKey('a');
    await inner.inner.erase('a'); // under the cache, as another process would
    expect((await cache.currentKey('a')).keyId).not.toBe(first.keyId);
  });
});
