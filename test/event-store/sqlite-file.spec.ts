import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EventStoreLockedError, EventStoreUnsupportedError } from '@cl/event-store';
import { assignNewStoreId, SqliteEventStore } from '@cl/event-store/sqlite';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';

describeSqliteFile('SqliteEventStore file', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let path: string;
  beforeEach(() => {
    dir = makeTempDir('file');
    path = join(dir.path, 'events.db');
  });
  afterEach(() => dir.remove());

  it('refuses a second exclusive opening until the first closes, and lets others open beside it', async () => {
    const first = SqliteEventStore.open({ path, exclusive: true });
    expect(() => SqliteEventStore.open({ path, exclusive: true })).toThrow(EventStoreLockedError);
    const beside = SqliteEventStore.open({ path });
    await beside.close();
    await first.close();
    const again = SqliteEventStore.open({ path, exclusive: true });
    await again.close();
  });

  it('lets two stores on one file append at once: gap-free positions, each following the other', async () => {
    const one = SqliteEventStore.open({ path });
    const other = SqliteEventStore.open({ path });
    try {
      const seen: string[] = [];
      const subscription = one.subscribeToAll();
      const following = (async () => {
        for await (const event of subscription) {
          seen.push(event.id);
          if (seen.length === 400) break;
        }
      })();
      await Promise.all(
        Array.from({ length: 200 }, (_, i) => [
          one.appendToStream(`shared-${i % 5}`, [{ type: 'FromOne', data: { i } }]),
          other.appendToStream(`shared-${i % 5}`, [{ type: 'FromOther', data: { i } }]),
        ]).flat(),
      );
      await following;
      // Each notices the other's commits within a poll (~25 ms).
      while ((await other.headPosition()) < 400n) await new Promise((resolve) => setTimeout(resolve, 5));
      const all = await other.readAll({ maxCount: 1000 });
      expect(all.map((event) => event.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
      expect(seen).toEqual(all.map((event) => event.id));
      for (let stream = 0; stream < 5; stream++) {
        const revisions = (await one.readStream(`shared-${stream}`)).map((event) => event.revision);
        expect(revisions).toEqual(Array.from({ length: 80 }, (_, i) => i));
      }
      expect(await one.headPosition()).toBe(400n);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('refuses a second exclusive process, and frees the store when the holder is killed with SIGKILL', async () => {
    const holder = new LineCollector(
      spawnTypeScript('test/event-store/children/open-store.ts', [path, 'hold']),
    );
    await holder.waitFor(() => holder.lines.includes('opened'));

    const second = new LineCollector(spawnTypeScript('test/event-store/children/open-store.ts', [path]));
    expect(await second.exited()).toBe(3);
    expect(second.lines).toEqual(['EventStoreLockedError']);

    holder.child.kill('SIGKILL');
    await holder.exited();
    const third = new LineCollector(spawnTypeScript('test/event-store/children/open-store.ts', [path]));
    expect(await third.exited()).toBe(0);
    expect(third.lines).toEqual(['opened']);
  });

  it('reports itself down, and refuses appends, when its writer thread dies', async () => {
    const store = SqliteEventStore.open({ path });
    try {
      await store.appendToStream('s-1', [{ type: 'Before', data: {} }]);
      // What an out-of-memory kill of the thread would do.
      await (
        store['writerThread'] as unknown as { worker: { terminate(): Promise<number> } }
      ).worker.terminate();
      await expect(store.appendToStream('s-1', [{ type: 'After', data: {} }])).rejects.toThrow(
        /writer thread/,
      );
      await expect(store.headPosition()).rejects.toThrow(/writer thread/);
      expect((await store.readStream('s-1')).map((event) => event.type)).toEqual(['Before']);
    } finally {
      await store.close();
    }
  });

  it('rolls back an append whose statement fails halfway, and commits the appends beside it', async () => {
    const store = SqliteEventStore.open({ path });
    try {
      // A failure the writer cannot foresee (here a trigger; in life a full disk or a bug):
      // the second insert of a two-event append fails after the first succeeded.
      const db = new Database(path);
      db.exec(`CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison'
               BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
      db.close();
      // Submitted in one tick: one group-commit transaction holds both appends.
      const [halfway, beside] = await Promise.allSettled([
        store.appendToStream('s-half', [
          { type: 'Fine', data: {} },
          { type: 'Poison', data: {} },
        ]),
        store.appendToStream('s-beside', [{ type: 'Fine', data: {} }]),
      ]);
      expect(halfway.status).toBe('rejected');
      expect(beside.status).toBe('fulfilled');
      expect(await store.readStream('s-half')).toEqual([]);
      expect((await store.readStream('s-beside')).map((event) => event.type)).toEqual(['Fine']);
      const reader = new Database(path, { readonly: true });
      expect(reader.prepare("SELECT count(*) AS n FROM events WHERE stream_id = 's-half'").get()).toEqual({
        n: 0,
      });
      reader.close();
    } finally {
      await store.close();
    }
  });

  it('fails every append of a batch that SQLite rolls back whole, stores none of them, and commits the next batch', async () => {
    const store = SqliteEventStore.open({ path });
    try {
      // RAISE(ROLLBACK) ends the whole transaction, as SQLITE_FULL, IOERR or NOMEM do.
      const db = new Database(path);
      db.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON events WHEN NEW.type = 'DiskFull'
               BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END`);
      db.close();
      // Submitted in one tick: one group-commit transaction holds all three.
      const outcomes = await Promise.allSettled([
        store.appendToStream('s-before', [{ type: 'Fine', data: {} }]),
        store.appendToStream('s-full', [{ type: 'DiskFull', data: {} }]),
        store.appendToStream('s-after', [{ type: 'Fine', data: {} }]),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
      const reader = new Database(path, { readonly: true });
      expect(reader.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
      reader.close();
      expect(await store.headPosition()).toBe(0n);

      const next = await Promise.all([
        store.appendToStream('s-next', [{ type: 'Fine', data: {} }]),
        store.appendToStream('s-next-2', [{ type: 'Fine', data: {} }]),
      ]);
      expect(next.map((result) => result.position)).toEqual([1n, 2n]);
    } finally {
      await store.close();
    }
  });

  it('keeps data and metadata as JSON text that the sqlite3 shell can read', async () => {
    const store = SqliteEventStore.open({ path });
    await store.appendToStream('complaint-1', [
      { type: 'ComplaintFiled', data: { a: 'é' }, metadata: { m: 1 } },
    ]);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const row = db
        .prepare(
          "SELECT stream_id, revision, json_valid(data) AS dataOk, json_extract(data, '$.a') AS a, metadata FROM events",
        )
        .get();
      expect(row).toEqual({ stream_id: 'complaint-1', revision: 0, dataOk: 1, a: 'é', metadata: '{"m":1}' });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  describe('identity', () => {
    it('is one storeId for every process that opens the file, kept by an online backup, new after assignNewStoreId', async () => {
      const one = SqliteEventStore.open({ path });
      const other = SqliteEventStore.open({ path });
      const storeId = await one.storeId();
      expect(await other.storeId()).toBe(storeId);
      await one.appendToStream('s-1', [{ type: 'A', data: {} }]);
      await other.close();
      await one.close();

      const source = new Database(path);
      const copyPath = join(dir.path, 'copy.db');
      await source.backup(copyPath);
      source.close();
      const copy = SqliteEventStore.open({ path: copyPath });
      expect(await copy.storeId()).toBe(storeId);
      await copy.close();

      const db = new Database(copyPath);
      const renamed = assignNewStoreId(db);
      db.close();
      expect(renamed).not.toBe(storeId);
      const reopened = SqliteEventStore.open({ path: copyPath, readOnly: true });
      expect(await reopened.storeId()).toBe(renamed);
      expect(await reopened.headPosition()).toBe(1n);
      await reopened.close();
    });

    it('names a file created before stores had an identity when it is opened for writing; a read-only opener says what to do', async () => {
      const old = new Database(path);
      old.exec(
        'CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, revision), UNIQUE (stream_id, event_id))',
      );
      old.close();
      const reader = SqliteEventStore.open({ path, readOnly: true });
      await expect(reader.storeId()).rejects.toThrow(EventStoreUnsupportedError);
      await reader.close();
      const writer = SqliteEventStore.open({ path });
      const storeId = await writer.storeId();
      await writer.close();
      const again = SqliteEventStore.open({ path, readOnly: true });
      expect(await again.storeId()).toBe(storeId);
      await again.close();
    });
  });
});

describe('SqliteEventStore opened for reading only', () => {
  it('reads beside the writing process, follows its new events, and refuses appends', async () => {
    const dir = makeTempDir('read-only');
    const path = join(dir.path, 'events.db');
    const writer = SqliteEventStore.open({ path });
    try {
      await writer.appendToStream('s-1', [{ type: 'A', data: {} }]);
      const reader = SqliteEventStore.open({ path, readOnly: true });
      try {
        expect(await reader.readAll()).toHaveLength(1);
        await expect(reader.appendToStream('s-1', [{ type: 'B', data: {} }])).rejects.toThrow(/reading only/);
        const subscription = reader.subscribeToAll();
        const seen: string[] = [];
        const following = (async () => {
          for await (const event of subscription) {
            seen.push(event.type);
            if (seen.length === 2) break;
          }
        })();
        await writer.appendToStream('s-1', [{ type: 'B', data: {} }]);
        await following;
        expect(seen).toEqual(['A', 'B']);
      } finally {
        await reader.close();
      }
    } finally {
      await writer.close();
      dir.remove();
    }
  });
});
