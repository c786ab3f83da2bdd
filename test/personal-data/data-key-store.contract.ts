import { randomUUID } from 'node:crypto';
import type { DataKey, DataKeyStore } from '@cl/personal-data';

/** A key store under test, and a way to open another instance on the same storage (as another process would). */
export interface KeyStoreUnderTest {
  store: DataKeyStore;
  openAnother: () => DataKeyStore;
}

/**
 * The behaviour every DataKeyStore adapter must have (the port's doc comments): each adapter's
 * spec calls this with a factory for a fresh store and one that closes it and removes its
 * storage. Customers are named under a prefix of each test's own, so an adapter may share its
 * storage between tests.
 */
export function dataKeyStoreContract(open: () => KeyStoreUnderTest, close: () => void): void {
  let store: DataKeyStore;
  let openAnother: () => DataKeyStore;
  let prefix: string;
  const others: DataKeyStore[] = [];

  beforeEach(() => {
    ({ store, openAnother } = open());
    prefix = `c${randomUUID().slice(0, 8)}-`;
  });
  afterEach(() => {
    for (const other of others.splice(0)) other.close();
    close();
  });

  const customer = (name: string) => `${prefix}${name}`;
  const another = () => {
    const other = openAnother();
    others.push(other);
    return other;
  };
  const expectSameKey = (actual: DataKey, expected: DataKey) => {
    expect(actual.keyId).toBe(expected.keyId);
    expect(actual.key.equals(expected.key)).toBe(true);
  };

  it('creates a customer key of 32 bytes once, and answers the same key after', async () => {
    const first = await store.currentKey(customer('a'));
    expect(first.key).toHaveLength(32);
    expect(first.keyId).toMatch(/^[A-Za-z0-9_-]+$/); // a sealed value's parts are separated by dots
    expectSameKey(await store.currentKey(customer('a')), first);
    expectSameKey(await store.currentKey(customer('a')), first);
  });

  it('gives two customers different keys and key ids', async () => {
    const [a, b] = [await store.currentKey(customer('a')), await store.currentKey(customer('b'))];
    expect(a.keyId).not.toBe(b.keyId);
    expect(a.key.equals(b.key)).toBe(false);
  });

  it('gives one key to many calls for the same new customer in one tick, and one each to others', async () => {
    const keys = await Promise.all([
      ...Array.from({ length: 25 }, () => store.currentKey(customer('busy'))),
      store.currentKey(customer('other-1')),
      store.currentKey(customer('other-2')),
    ]);
    const busy = keys.slice(0, 25);
    expect(new Set(busy.map((key) => key.keyId)).size).toBe(1);
    for (const key of busy) expectSameKey(key, busy[0]);
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(3);
    expectSameKey(await store.currentKey(customer('busy')), busy[0]);
    expect([...(await store.keysById(keys.map((key) => key.keyId))).keys()].sort()).toEqual(
      [...new Set(keys.map((key) => key.keyId))].sort(),
    );
  });

  it('answers only the keys of ids that exist, with their bytes', async () => {
    const [a, b] = [await store.currentKey(customer('a')), await store.currentKey(customer('b'))];
    const found = await store.keysById([a.keyId, 'no-such-key', b.keyId, a.keyId]);
    expect([...found.keys()].sort()).toEqual([a.keyId, b.keyId].sort());
    expect(found.get(a.keyId)!.equals(a.key)).toBe(true);
    expect(found.get(b.keyId)!.equals(b.key)).toBe(true);
    expect((await store.keysById([])).size).toBe(0);
    expect((await store.keysById(['no-such-key'])).size).toBe(0);
  });

  it('knows which customers have a key', async () => {
    expect(await store.hasKey(customer('a'))).toBe(false);
    await store.currentKey(customer('a'));
    expect(await store.hasKey(customer('a'))).toBe(true);
    expect(await store.hasKey(customer('b'))).toBe(false);
  });

  it('erases every key of a customer: counted, gone from keysById, a new key id after, the others kept', async () => {
    const a = await store.currentKey(customer('a'));
    const b = await store.currentKey(customer('b'));
    expect((await store.keysById([a.keyId])).size).toBe(1); // read (and cached, where an adapter caches)

    expect(await store.erase(customer('a'))).toBe(1);
    expect((await store.keysById([a.keyId])).size).toBe(0);
    expect(await store.hasKey(customer('a'))).toBe(false);
    const renewed = await store.currentKey(customer('a'));
    expect(renewed.keyId).not.toBe(a.keyId);
    expect(renewed.key.equals(a.key)).toBe(false);
    expect((await store.keysById([a.keyId, renewed.keyId])).has(a.keyId)).toBe(false);
    expectSameKey(await store.currentKey(customer('b')), b);

    expect(await store.erase(customer('a'))).toBe(1);
    expect(await store.erase(customer('a'))).toBe(0);
  });

  it('erases the key of a currentKey asked for before the erasure, even one not yet created', async () => {
    const asked = store.currentKey(customer('new'));
    asked.catch(() => undefined); // awaited below, unless an expectation fails first
    expect(await store.hasKey(customer('new'))).toBe(true);
    expect(await store.erase(customer('new'))).toBe(1);
    const handedOut = await asked;
    expect((await store.keysById([handedOut.keyId])).size).toBe(0);
    expect(await store.hasKey(customer('new'))).toBe(false);
    expect((await store.currentKey(customer('new'))).keyId).not.toBe(handedOut.keyId);
  });

  it('answers 0 for the erasure of a customer without keys', async () => {
    expect(await store.erase(customer('unknown'))).toBe(0);
    expect(await store.hasKey(customer('unknown'))).toBe(false);
  });

  it('leaves an erasure that deleted keys pending until it is announced', async () => {
    await store.currentKey(customer('a'));
    await store.currentKey(customer('b'));
    expect(await store.pendingErasure(customer('a'))).toBeUndefined();

    const before = Date.now();
    expect(await store.erase(customer('a'))).toBe(1);
    const pending = await store.pendingErasure(customer('a'));
    expect(pending).toEqual({
      customerId: customer('a'),
      erasureId: expect.any(String),
      erasedAt: expect.any(String),
    });
    expect(Date.parse(pending!.erasedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(pending!.erasedAt)).toBeLessThanOrEqual(Date.now());
    expect(await store.pendingErasure(customer('b'))).toBeUndefined();
    // A repeat that deletes nothing keeps the mark as it is.
    expect(await store.erase(customer('a'))).toBe(0);
    expect(await store.pendingErasure(customer('a'))).toEqual(pending);
    // Another instance (another process) sees it.
    expect(await another().pendingErasure(customer('a'))).toEqual(pending);

    await store.erasureAnnounced(pending!);
    expect(await store.pendingErasure(customer('a'))).toBeUndefined();
    await store.erasureAnnounced(pending!); // twice: nothing left to clear
    expect(await store.pendingErasure(customer('a'))).toBeUndefined();
    expect(await store.hasKey(customer('b'))).toBe(true);
  });

  it('records no pending erasure when the erasure deletes nothing', async () => {
    expect(await store.erase(customer('unknown'))).toBe(0);
    expect(await store.pendingErasure(customer('unknown'))).toBeUndefined();
  });

  it('keeps the pending mark of a later erasure when an earlier one is announced after it', async () => {
    await store.currentKey(customer('a'));
    expect(await store.erase(customer('a'))).toBe(1);
    const first = (await store.pendingErasure(customer('a')))!;
    // New personal data, erased again (by another process) before the first is announced.
    await store.currentKey(customer('a'));
    expect(await another().erase(customer('a'))).toBe(1);
    const second = (await store.pendingErasure(customer('a')))!;
    expect(second.erasureId).not.toBe(first.erasureId);

    await store.erasureAnnounced(first);
    expect(await store.pendingErasure(customer('a'))).toEqual(second);
    await store.erasureAnnounced(second);
    expect(await store.pendingErasure(customer('a'))).toBeUndefined();
  });

  it('keeps a pending erasure across close and reopen', async () => {
    await store.currentKey(customer('a'));
    await store.currentKey(customer('b'));
    expect(await store.erase(customer('a'))).toBe(1);
    expect(await store.erase(customer('b'))).toBe(1);
    const pendingA = await store.pendingErasure(customer('a'));
    const pendingB = await store.pendingErasure(customer('b'));
    await store.erasureAnnounced(pendingB!);
    store.close();

    const reopened = another();
    expect(await reopened.pendingErasure(customer('a'))).toEqual(pendingA);
    expect(await reopened.pendingErasure(customer('b'))).toBeUndefined();
    expect(await reopened.hasKey(customer('a'))).toBe(false);
    await reopened.erasureAnnounced(pendingA!);
    expect(await reopened.pendingErasure(customer('a'))).toBeUndefined();
  });

  it('shares its keys with another instance on the same storage', async () => {
    const a = await store.currentKey(customer('a'));
    const other = another();
    expect(await other.hasKey(customer('a'))).toBe(true);
    expect((await other.keysById([a.keyId])).get(a.keyId)!.equals(a.key)).toBe(true);
    expectSameKey(await other.currentKey(customer('a')), a);

    const b = await other.currentKey(customer('b'));
    expectSameKey(await store.currentKey(customer('b')), b);
    expect((await store.keysById([b.keyId])).get(b.keyId)!.equals(b.key)).toBe(true);

    // Erased by the other while this one holds it as the current key: from the next turn of
    // the event loop on, no new event is sealed under the erased key.
    expectSameKey(await store.currentKey(customer('a')), a);
    expect(await other.erase(customer('a'))).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.hasKey(customer('a'))).toBe(false);
    expect((await store.currentKey(customer('a'))).keyId).not.toBe(a.keyId);
  });

  it('erases every key a customer got, also when two instances created one each', async () => {
    const other = another();
    const [mine, theirs] = await Promise.all([
      store.currentKey(customer('raced')),
      other.currentKey(customer('raced')),
    ]);
    const keyIds = [...new Set([mine.keyId, theirs.keyId])];
    expect(await store.erase(customer('raced'))).toBe(keyIds.length);
    expect((await store.keysById(keyIds)).size).toBe(0);
    expect((await other.keysById(keyIds)).size).toBe(0);
  });
}
