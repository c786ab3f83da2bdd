import Database from 'better-sqlite3';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BoundedKeyCache, KeyStoreReadOnlyError, type DataKey } from '@cl/personal-data';
import {
  DATA_KEY_FILE,
  KeyErasureNotFlushedError,
  SqliteDataKeyStore,
  SqliteKeyReader,
} from '@cl/personal-data/sqlite';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { makeTempDir } from '../support/temp-dir';
import { dataKeyStoreContract } from './data-key-store.contract';

describe('SqliteDataKeyStore contract', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: SqliteDataKeyStore;
  dataKeyStoreContract(
    () => {
      dir = makeTempDir('keys');
      const path = join(dir.path, DATA_KEY_FILE);
      store = new SqliteDataKeyStore(path);
      return { store, openAnother: () => new SqliteDataKeyStore(path) };
    },
    () => {
      store.close();
      dir.remove();
    },
  );
});

describe('BoundedKeyCache over SqliteDataKeyStore contract', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: BoundedKeyCache;
  dataKeyStoreContract(
    () => {
      dir = makeTempDir('keys-cached');
      const path = join(dir.path, DATA_KEY_FILE);
      store = new BoundedKeyCache(new SqliteDataKeyStore(path));
      return { store, openAnother: () => new BoundedKeyCache(new SqliteDataKeyStore(path)) };
    },
    () => {
      store.close();
      dir.remove();
    },
  );
});

describe('SqliteDataKeyStore file', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let path: string;
  beforeEach(() => {
    dir = makeTempDir('keys-file');
    path = join(dir.path, DATA_KEY_FILE);
  });
  afterEach(() => dir.remove());

  /** Where the bytes occur in the key store's files (the WAL when there is one). */
  const filesHolding = (bytes: Buffer): string[] =>
    [path, `${path}-wal`].filter((file) => existsSync(file) && readFileSync(file).includes(bytes));

  it("leaves an erased customer's key bytes in neither keys.db nor its WAL", async () => {
    const store = new SqliteDataKeyStore(path);
    // Keys created over several commits (several WAL frames of the same pages), enough of
    // them for the table to span several pages.
    const created = new Map<string, DataKey>();
    for (let batch = 0; batch < 8; batch++) {
      const customers = Array.from({ length: 40 }, (_, n) => `customer-${batch}-${n}`);
      const keys = await Promise.all(customers.map((customer) => store.currentKey(customer)));
      customers.forEach((customer, n) => created.set(customer, keys[n]));
    }
    const erased = ['customer-0-0', 'customer-3-17', 'customer-7-39'];
    const kept = created.get('customer-5-5')!;
    for (const customer of erased) {
      const read = (await store.keysById([created.get(customer)!.keyId])).get(created.get(customer)!.keyId)!;
      expect(read.equals(created.get(customer)!.key)).toBe(true);
      expect(filesHolding(read)).not.toEqual([]);
    }

    for (const customer of erased) expect(await store.erase(customer)).toBe(1);
    for (const customer of erased) expect(filesHolding(created.get(customer)!.key)).toEqual([]);
    expect(filesHolding(kept.key)).not.toEqual([]); // the scan does find a key that is there
    for (const file of [path, `${path}-wal`]) expect(statSync(file).mode & 0o777).toBe(0o600);
    store.close();

    for (const customer of erased) expect(filesHolding(created.get(customer)!.key)).toEqual([]);
    expect(filesHolding(kept.key)).toEqual([path]);
    const reopened = new SqliteDataKeyStore(path);
    try {
      expect((await reopened.keysById(erased.map((customer) => created.get(customer)!.keyId))).size).toBe(0);
      expect((await reopened.keysById([kept.keyId])).get(kept.keyId)!.equals(kept.key)).toBe(true);
    } finally {
      reopened.close();
    }
  });

  it('refuses to call an erasure done while a reader holds the file, and finishes it when retried', async () => {
    const store = new SqliteDataKeyStore(path, { busyTimeoutMs: 100 }); // waits 100 ms for the reader
    const reader = new Database(path, { readonly: true }); // another process, in the middle of a read
    let rows: IterableIterator<unknown> | undefined;
    try {
      const key = await store.currentKey('customer-1');
      await store.currentKey('customer-2');
      rows = reader.prepare('SELECT key_id FROM data_keys').iterate();
      rows.next();

      await expect(store.erase('customer-1')).rejects.toBeInstanceOf(KeyErasureNotFlushedError);
      expect((await store.keysById([key.keyId])).size).toBe(0); // deleted all the same
      expect(await store.hasKey('customer-1')).toBe(false);
      // Pending with the deletion: the retry announces the erasure though it deletes nothing.
      const pending = await store.pendingErasure('customer-1');
      expect(pending).toMatchObject({ customerId: 'customer-1' });
      rows.return!();
      rows = undefined;

      expect(await store.erase('customer-1')).toBe(0);
      expect(filesHolding(key.key)).toEqual([]);
      expect(await store.pendingErasure('customer-1')).toEqual(pending);
    } finally {
      rows?.return?.();
      reader.close();
      store.close();
    }
  });

  it('adds the pending erasures to a keys.db made before they were kept, its keys intact', async () => {
    // keys.db as the version before this one made it: the data_keys table only.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE data_keys (
      key_id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      key BLOB NOT NULL,
      created_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX data_keys_by_customer ON data_keys (customer_id, created_at)`);
    const key = Buffer.alloc(32, 7);
    old
      .prepare('INSERT INTO data_keys (key_id, customer_id, key, created_at) VALUES (?, ?, ?, ?)')
      .run('old-key', 'customer-1', key, '2026-01-01T00:00:00.000Z');
    old.close();

    const store = new SqliteDataKeyStore(path);
    try {
      expect((await store.currentKey('customer-1')).keyId).toBe('old-key');
      expect(await store.pendingErasure('customer-1')).toBeUndefined();
      expect(await store.erase('customer-1')).toBe(1);
      expect(await store.pendingErasure('customer-1')).toMatchObject({ customerId: 'customer-1' });
    } finally {
      store.close();
    }
  });

  it('hands out key ids in creation order, keys asked together and while a sync is under way alike', async () => {
    const store = new SqliteDataKeyStore(path);
    try {
      const ids: string[] = [];
      for (let round = 0; round < 5; round++) {
        // Asked in one turn: some are committed at once, the rest wait for that commit's sync.
        const keys = await Promise.all(
          Array.from({ length: 20 }, (_, index) => store.currentKey(`customer-${round}-${index}`)),
        );
        ids.push(...keys.map((key) => key.keyId));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(new Set(ids).size).toBe(100);
      // Each round was created after the one before (ids compare as SQLite's primary key does).
      for (let round = 1; round < 5; round++) {
        const before = ids.slice((round - 1) * 20, round * 20);
        const after = ids.slice(round * 20, (round + 1) * 20);
        expect(after.every((id) => before.every((earlier) => id > earlier))).toBe(true);
      }
      // Every key is still there after the group commits.
      expect((await store.keysById(ids)).size).toBe(100);
    } finally {
      store.close();
    }
  });

  it('lists every pending erasure, oldest first, until each is announced (what restore reads)', async () => {
    const store = new SqliteDataKeyStore(path);
    try {
      expect(await store.pendingErasures()).toEqual([]);
      for (const customerId of ['customer-b', 'customer-a', 'customer-c']) {
        await store.currentKey(customerId);
        await new Promise((resolve) => setTimeout(resolve, 2)); // distinct erasedAt
        expect(await store.erase(customerId)).toBe(1);
      }
      expect(await store.erase('customer-none')).toBe(0);
      const pending = await store.pendingErasures();
      expect(pending.map((erasure) => erasure.customerId)).toEqual([
        'customer-b',
        'customer-a',
        'customer-c',
      ]);
      expect(pending[1]).toEqual(await store.pendingErasure('customer-a'));
      await store.erasureAnnounced(pending[1]);
      expect((await store.pendingErasures()).map((erasure) => erasure.customerId)).toEqual([
        'customer-b',
        'customer-c',
      ]);
    } finally {
      store.close();
    }
  });

  it('is read by SqliteKeyReader without a change to the file, which refuses every write', async () => {
    const store = new SqliteDataKeyStore(path);
    const kept = await store.currentKey('customer-kept');
    await store.currentKey('customer-gone');
    await store.erase('customer-gone');
    store.close();
    chmodSync(path, 0o640);
    const before = readFileSync(path);
    const reader = new SqliteKeyReader(path);
    try {
      expect((await reader.keysById([kept.keyId, 'unknown'])).get(kept.keyId)).toEqual(kept.key);
      expect((await reader.keysById([kept.keyId, 'unknown'])).size).toBe(1);
      expect(await reader.hasKey('customer-kept')).toBe(true);
      expect(await reader.hasKey('customer-gone')).toBe(false);
      expect((await reader.pendingErasure('customer-gone'))?.customerId).toBe('customer-gone');
      await expect(reader.currentKey('customer-new')).rejects.toThrow(KeyStoreReadOnlyError);
      await expect(reader.erase('customer-kept')).rejects.toThrow(KeyStoreReadOnlyError);
    } finally {
      reader.close();
    }
    expect((statSync(path).mode & 0o777).toString(8)).toBe('640');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('commits a key asked for just before it is closed', async () => {
    const store = new SqliteDataKeyStore(path);
    const asked = store.currentKey('customer-1');
    store.close();
    const key = await asked;
    const reopened = new SqliteDataKeyStore(path);
    try {
      expect((await reopened.currentKey('customer-1')).keyId).toBe(key.keyId);
    } finally {
      reopened.close();
    }
  });

  it('keeps every key it answered when the process is killed right after', async () => {
    const child = new LineCollector(spawnTypeScript('test/personal-data/children/create-keys.ts', [path]));
    await child.waitFor(() => child.lines.length >= 40);
    child.child.kill('SIGKILL');
    await child.exited();
    const answered = child.lines.map((line) => line.split(' '));
    expect(answered.length).toBeGreaterThanOrEqual(40);

    const store = new SqliteDataKeyStore(path);
    try {
      const keys = await store.keysById(answered.map(([, keyId]) => keyId));
      for (const [customerId, keyId, key] of answered) {
        expect(keys.get(keyId)?.toString('base64')).toBe(key);
        expect((await store.currentKey(customerId)).keyId).toBe(keyId);
      }
    } finally {
      store.close();
    }
  });
});
