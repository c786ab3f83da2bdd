import { join } from 'node:path';
import { chainHash, chainedFieldsOf, verifyLog, verifyStream } from '@cl/audit';
import {
  StreamWriter,
  writeComplaintCommand,
  writeCustomerCommand,
  type CommandContext,
  type IdempotencyScope,
} from '@cl/commands';
import { complaintDecider, complaintStreamId, type ComplaintCommand } from '@cl/complaints';
import { customerStreamId } from '@cl/customers';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import {
  ERASED,
  PersonalDataCipher,
  keyIdOf,
  sealedFieldsOf,
  withSealedFields,
  type DataKeyStore,
} from '@cl/personal-data';
import { DATA_KEY_FILE, SqliteDataKeyStore } from '@cl/personal-data/sqlite';
import { makeTempDir } from '../support/temp-dir';
import { openTestStore } from '../support/test-store';

/**
 * StreamWriter with personal data (docs/privacy.md): personal fields are sealed before the
 * hash chain is computed, so the chain covers (and verifies over) the stored form.
 */
describe('StreamWriter sealing personal data', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: EventStore;
  let keys: DataKeyStore;
  let cipher: PersonalDataCipher;
  let writer: StreamWriter;
  const decider = complaintDecider({
    slaHours: { critical: 4, high: 24, medium: 72, low: 120 },
    callbackDueHours: 48,
  });
  const context = (extra: Partial<CommandContext> = {}): CommandContext => ({
    actor: { id: 'agent-1', role: 'agent' },
    correlationId: 'c-1',
    causationId: 'k-1',
    ...extra,
  });
  const filing = (complaintId: string, customerId: string): ComplaintCommand => ({
    type: 'file',
    complaintId,
    customerId,
    channel: 'email',
    category: 'billing',
    severity: 'high',
    description: 'Charged twice; call Ana on +44 7700 900123',
  });
  const resolving: ComplaintCommand = {
    type: 'resolve',
    resolutionType: 'refund',
    summary: 'Refunded the second charge to Ana',
    resolvedBy: 'agent-1',
  };

  beforeEach(() => {
    dir = makeTempDir('sealing-writer');
    store = openTestStore(dir.path);
    keys = new SqliteDataKeyStore(join(dir.path, DATA_KEY_FILE));
    cipher = new PersonalDataCipher(keys);
    writer = new StreamWriter(store, { personalData: cipher });
  });
  afterEach(async () => {
    await store.close();
    keys.close();
    dir.remove();
  });

  /** The hash an auditor recomputes from an event as shown (opened) and its stored sealed fields. */
  const recomputedHash = (shown: RecordedEvent, stored: RecordedEvent): string => {
    const sealed = sealedFieldsOf(stored);
    const data = sealed === undefined ? shown.data : withSealedFields(shown.data, sealed);
    // By name: the store's events hold their fields in getters, which a spread leaves out.
    const { id, streamId, revision, position, type, metadata, recordedAt } = shown;
    const asStored = { id, streamId, revision, position, type, data, metadata, recordedAt } as RecordedEvent;
    return chainHash(String(stored.metadata.prevHash), chainedFieldsOf(asStored));
  };

  it('stores a complaint as schemaVersion 2 with sealed fields, under a chain that verifies as stored', async () => {
    await writeComplaintCommand(writer, store, decider, 'cmp-1', filing('cmp-1', 'cust-1'), context());
    await writeComplaintCommand(
      writer,
      store,
      decider,
      'cmp-1',
      { type: 'assign', agentId: 'agent-2' },
      context(),
    );
    await writeComplaintCommand(writer, store, decider, 'cmp-1', resolving, context());

    const stored = await store.readStream(complaintStreamId('cmp-1'));
    expect(stored.map((event) => event.type)).toEqual([
      'ComplaintFiled',
      'ComplaintAssigned',
      'ComplaintResolved',
    ]);
    for (const event of stored) expect(event.metadata.schemaVersion).toBe(2);
    const [filed, assigned, resolved] = stored;
    expect(JSON.stringify(stored)).not.toContain('Ana');
    expect(keyIdOf(filed.data.description)).toBe((await keys.currentKey('cust-1')).keyId);
    expect(keyIdOf(resolved.data.summary)).toBe((await keys.currentKey('cust-1')).keyId);
    expect(filed.data).toMatchObject({ customerId: 'cust-1', category: 'billing', severity: 'high' });
    expect(assigned.data).toEqual({ agentId: 'agent-2' });
    expect(resolved.data).toMatchObject({ resolutionType: 'refund', resolvedBy: 'agent-1' });

    expect(await verifyStream(store, complaintStreamId('cmp-1'))).toEqual({
      streamId: complaintStreamId('cmp-1'),
      valid: true,
      events: 3,
    });
    const shown = await cipher.open(stored);
    expect(shown[0].data.description).toBe('Charged twice; call Ana on +44 7700 900123');
    expect(shown[2].data.summary).toBe('Refunded the second charge to Ana');
    shown.forEach((event, index) =>
      expect(recomputedHash(event, stored[index])).toBe(stored[index].metadata.hash),
    );

    // Erased, the chain still verifies: it never needed the key.
    await keys.erase('cust-1');
    const erased = await cipher.open(await store.readStream(complaintStreamId('cmp-1')));
    expect([erased[0].data.description, erased[2].data.summary]).toEqual([ERASED, ERASED]);
    expect((await verifyStream(store, complaintStreamId('cmp-1'))).valid).toBe(true);

    // Written after the erasure: sealed under a new key, readable; the erased fields stay erased.
    await writeComplaintCommand(
      writer,
      store,
      decider,
      'cmp-1',
      { type: 'reopen', reason: 'Again' },
      context(),
    );
    const after = await cipher.open(await store.readStream(complaintStreamId('cmp-1')));
    expect([after[0].data.description, after[3].data.reason]).toEqual([ERASED, 'Again']);
    expect(keyIdOf((await store.readStream(complaintStreamId('cmp-1')))[3].data.reason)).not.toBe(
      keyIdOf(filed.data.description),
    );
    expect((await verifyStream(store, complaintStreamId('cmp-1'))).valid).toBe(true);
  });

  it("seals a customer profile's segment, under the key of the customer's complaints", async () => {
    await writeComplaintCommand(writer, store, decider, 'cmp-1', filing('cmp-1', 'cust-1'), context());
    await writeCustomerCommand(
      writer,
      'cust-1',
      { type: 'updateProfile', segment: 'frequent flyer, hearing impaired', valueTier: 'A' },
      context(),
    );
    const [profile] = await store.readStream(customerStreamId('cust-1'));
    expect(profile.metadata.schemaVersion).toBe(2);
    expect(profile.data.valueTier).toBe('A');
    expect(keyIdOf(profile.data.segment)).toBe((await keys.currentKey('cust-1')).keyId);
    expect((await cipher.open([profile]))[0].data.segment).toBe('frequent flyer, hearing impaired');
    const log = await verifyLog(store);
    expect(log).toMatchObject({ valid: true, streams: 2, events: 2, invalid: [] });
  });

  it('answers a keyed retry with the earlier attempt, writing nothing again', async () => {
    const idempotency: IdempotencyScope = { scope: 'scope-1', requestHash: 'request-1' };
    await writeComplaintCommand(writer, store, decider, 'cmp-1', filing('cmp-1', 'cust-1'), context());
    const first = await writeComplaintCommand(
      writer,
      store,
      decider,
      'cmp-1',
      resolving,
      context({ idempotency }),
    );
    const head = await store.headPosition();

    const retried = await writeComplaintCommand(
      writer,
      store,
      decider,
      'cmp-1',
      resolving,
      context({ idempotency }),
    );
    // After a restart: a writer that never saw the first attempt.
    const restarted = new StreamWriter(store, { personalData: cipher });
    const afterRestart = await writeComplaintCommand(
      restarted,
      store,
      decider,
      'cmp-1',
      resolving,
      context({ idempotency }),
    );
    for (const replay of [retried, afterRestart]) {
      expect(replay.replayed).toBe(true);
      expect(replay.revision).toBe(first.revision);
      expect(replay.position).toBe(first.position);
      expect(replay.events).toEqual(first.events);
      expect(replay.state).toEqual(first.state);
    }
    expect(await store.headPosition()).toBe(head);
    expect(await store.streamRevision(complaintStreamId('cmp-1'))).toBe(1);
  });

  it('decides on the sealed state: a resolved complaint reopens, and its reason is sealed too', async () => {
    await writeComplaintCommand(writer, store, decider, 'cmp-1', filing('cmp-1', 'cust-1'), context());
    await writeComplaintCommand(writer, store, decider, 'cmp-1', resolving, context());
    const restarted = new StreamWriter(store, { personalData: cipher }); // folds the stream as stored
    await writeComplaintCommand(
      restarted,
      store,
      decider,
      'cmp-1',
      { type: 'reopen', reason: 'Ana was charged again' },
      context(),
    );
    const stored = await store.readStream(complaintStreamId('cmp-1'));
    expect(keyIdOf(stored[2].data.reason)).toBeDefined();
    expect((await cipher.open([stored[2]]))[0].data.reason).toBe('Ana was charged again');
    expect((await verifyStream(store, complaintStreamId('cmp-1'))).valid).toBe(true);
  });

  it('stores events of version 1 in clear without personal data', async () => {
    const clearWriter = new StreamWriter(store);
    await writeComplaintCommand(clearWriter, store, decider, 'cmp-1', filing('cmp-1', 'cust-1'), context());
    await writeComplaintCommand(clearWriter, store, decider, 'cmp-1', resolving, context());
    const stored = await store.readStream(complaintStreamId('cmp-1'));
    for (const event of stored) expect(event.metadata.schemaVersion).toBe(1);
    expect(stored[0].data.description).toBe('Charged twice; call Ana on +44 7700 900123');
    expect(stored[1].data.summary).toBe('Refunded the second charge to Ana');
    expect(await keys.hasKey('cust-1')).toBe(false);
    expect(await cipher.open(stored)).toEqual(stored);
    expect((await verifyStream(store, complaintStreamId('cmp-1'))).valid).toBe(true);
  });
});
