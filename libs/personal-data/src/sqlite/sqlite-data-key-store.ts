import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, fdatasyncSync, mkdirSync, openSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  KeyErasureNotFlushedError,
  type DataKey,
  type DataKeyStore,
  type PendingErasure,
} from '../data-key-store';
import { randomBytesPooled } from '../random-bytes';
import { keysFound } from './keys-found';

/** At most this many customers' current keys are held in memory; the oldest go first. */
const CURRENT_KEYS_HELD = 10_000;

/** The key store's file in DATA_DIR (`npm run backup` copies it beside events.db). */
export const DATA_KEY_FILE = 'keys.db';

export { KeyErasureNotFlushedError };

/**
 * A new key id: the time in ms (base 36, fixed width, so ids sort as they were created) and 72
 * random bits. Keys are the table's primary key: ids that grow land in its last page, so each
 * commit writes a page or two of it however many keys exist, where random ids wrote one random
 * page per key (a new key's cost grew with the file: 28 -> 39 µs per key over 60,000 keys).
 */
function newKeyId(): string {
  return Date.now().toString(36).padStart(9, '0') + randomBytesPooled(9).toString('base64url');
}

interface PendingKey {
  dataKey: DataKey;
  settled: Promise<DataKey>;
  resolve: (key: DataKey) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded key store: one SQLite file of its own, durable like the event store, shared
 * by the service's processes. New keys are group-committed: those asked for while a commit
 * syncs wait for it and are committed together afterwards (at most one sync under way), and a
 * key is handed out only once its commit is on disk: one fdatasync of the WAL per commit, run
 * in libuv's thread pool rather than inside the commit on the event loop. An erasure deletes the rows
 * with secure_delete on (the freed bytes are overwritten) and then checkpoints and truncates
 * the WAL, so the deleted keys are in neither file afterwards. In the same transaction as the
 * deletion it records the erasure as pending (table pending_erasures) until it is announced.
 */
export class SqliteDataKeyStore implements DataKeyStore {
  private readonly db: Database.Database;
  private readonly selectCurrent: Database.Statement<[string], { key_id: string; key: Buffer }>;
  private readonly selectKey: Database.Statement<[string], { key: Buffer }>;
  private readonly insertKey: Database.Statement<[string, string, Buffer, string]>;
  private readonly deleteKeys: Database.Statement<[string]>;
  private readonly markPending: Database.Statement<[string, string, string]>;
  private readonly selectPending: Database.Statement<[string], { erasure_id: string; erased_at: string }>;
  private readonly clearPending: Database.Statement<[string, string]>;
  private readonly selectAllPending: Database.Statement<
    [],
    { customer_id: string; erasure_id: string; erased_at: string }
  >;
  private pending = new Map<string, PendingKey>();
  /** Customers' current keys, valid while no other connection has committed (forgetIfOthersWrote). */
  private readonly current = new Map<string, DataKey>();
  private readonly dataVersion: Database.Statement<[], number>;
  private version: number | undefined;
  private versionCheckedThisTurn = false;
  private flushScheduled = false;
  /** Commits whose sync is under way: new keys wait for them, to be committed together after. */
  private syncing = 0;
  /** Erasures by this connection that deleted keys: a commit's keys erased during its sync are not current. */
  private erasures = 0;
  private readonly walPath: string;
  /** A handle on the WAL for syncing it, opened at the first commit of a key. */
  private wal: Promise<FileHandle> | undefined;

  /**
   * @param options.busyTimeoutMs how long a write, or an erasure's checkpoint, waits for
   *   another process holding the file (the event loop waits with it); 5 s when absent
   */
  constructor(path: string, options: { busyTimeoutMs?: number } = {}) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.db = new Database(path, { timeout: options.busyTimeoutMs ?? 5_000 });
    this.walPath = `${path}-wal`;
    chmodSync(path, 0o600);
    this.db.pragma('journal_mode = WAL');
    // Commits are made durable by walSynced, off the event loop; checkpoints sync as usual.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS data_keys (
      key_id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      key BLOB NOT NULL,
      created_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS data_keys_by_customer ON data_keys (customer_id, created_at);
    CREATE TABLE IF NOT EXISTS pending_erasures (
      customer_id TEXT PRIMARY KEY,
      erasure_id TEXT NOT NULL,
      erased_at TEXT NOT NULL
    ) WITHOUT ROWID`);
    this.selectCurrent = this.db.prepare(
      'SELECT key_id, key FROM data_keys WHERE customer_id = ? ORDER BY created_at DESC LIMIT 1',
    );
    this.selectKey = this.db.prepare('SELECT key FROM data_keys WHERE key_id = ?');
    this.insertKey = this.db.prepare(
      'INSERT INTO data_keys (key_id, customer_id, key, created_at) VALUES (?, ?, ?, ?)',
    );
    this.deleteKeys = this.db.prepare('DELETE FROM data_keys WHERE customer_id = ?');
    this.markPending = this.db.prepare(
      'INSERT OR REPLACE INTO pending_erasures (customer_id, erasure_id, erased_at) VALUES (?, ?, ?)',
    );
    this.selectPending = this.db.prepare(
      'SELECT erasure_id, erased_at FROM pending_erasures WHERE customer_id = ?',
    );
    this.clearPending = this.db.prepare(
      'DELETE FROM pending_erasures WHERE customer_id = ? AND erasure_id = ?',
    );
    this.selectAllPending = this.db.prepare(
      'SELECT customer_id, erasure_id, erased_at FROM pending_erasures ORDER BY erased_at, customer_id',
    );
    this.dataVersion = this.db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  currentKey(customerId: string): Promise<DataKey> {
    this.forgetIfOthersWrote();
    const known = this.current.get(customerId);
    if (known !== undefined) return Promise.resolve(known);
    const row = this.selectCurrent.get(customerId);
    if (row === undefined) return this.created(customerId);
    const dataKey = { keyId: row.key_id, key: row.key };
    this.remember(customerId, dataKey);
    return Promise.resolve(dataKey);
  }

  keysById(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    return Promise.resolve(keysFound(this.selectKey, keyIds));
  }

  hasKey(customerId: string): Promise<boolean> {
    return Promise.resolve(this.selectCurrent.get(customerId) !== undefined || this.pending.has(customerId));
  }

  /** @throws KeyErasureNotFlushedError as a rejection (async), like every failure of the port's promises */
  async erase(customerId: string): Promise<number> {
    this.current.delete(customerId);
    // A key asked for before the erasure (hasKey already says so) is erased by it: committed
    // now, then deleted with the others, instead of surviving the erasure once its commit runs.
    if (this.pending.has(customerId)) this.flush();
    // The deletion and the pending mark commit together: a crash after this leaves either both
    // (the erasure announced by whoever takes it up) or neither (the keys still there).
    const deleted = this.db.transaction(() => {
      const count = this.deleteKeys.run(customerId).changes;
      if (count > 0) {
        this.markPending.run(
          customerId,
          randomBytesPooled(12).toString('base64url'),
          new Date().toISOString(),
        );
      }
      return count;
    })();
    // After the deletion: a commit flushed just above, still syncing, sees its key erased.
    if (deleted > 0) this.erasures++;
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result.busy !== 0) {
      throw new KeyErasureNotFlushedError(
        `The keys of customer ${customerId} are deleted, but another process held the key file, so their bytes may remain in its WAL until the next checkpoint; retry the erasure`,
      );
    }
    return deleted;
  }

  async pendingErasure(customerId: string): Promise<PendingErasure | undefined> {
    const row = this.selectPending.get(customerId);
    return row === undefined ? undefined : { customerId, erasureId: row.erasure_id, erasedAt: row.erased_at };
  }

  /**
   * Every erasure of this file left pending (keys deleted, not announced yet), oldest first:
   * `npm run restore` reads them from the key file it replaces, to delete those customers' keys
   * again from the backup's. Not on the port: only this embedded file is backed up and restored
   * with the store, and the service itself only ever asks about one customer.
   */
  async pendingErasures(): Promise<PendingErasure[]> {
    return this.selectAllPending.all().map((row) => ({
      customerId: row.customer_id,
      erasureId: row.erasure_id,
      erasedAt: row.erased_at,
    }));
  }

  /**
   * Clears the pending erasure unless a later erasure replaced it. Committed without its own
   * sync: a clear lost to a power cut only makes the erasure announced once more.
   */
  async erasureAnnounced(erasure: PendingErasure): Promise<void> {
    this.clearPending.run(erasure.customerId, erasure.erasureId);
  }

  close(): void {
    // The keys asked for meanwhile are committed rather than left to a commit on a closed
    // file, and made durable here, whatever the syncs under way do.
    this.flush();
    if (existsSync(this.walPath)) {
      const fd = openSync(this.walPath, 'r');
      try {
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    this.db.close();
    const wal = this.wal;
    this.wal = undefined;
    void wal?.then((handle) => handle.close()).catch(() => undefined);
  }

  /** A new key for the customer, once it is durable; customers asking in one turn share one commit. */
  private created(customerId: string): Promise<DataKey> {
    const waiting = this.pending.get(customerId);
    if (waiting !== undefined) return waiting.settled;
    let resolve!: (key: DataKey) => void;
    let reject!: (error: unknown) => void;
    const settled = new Promise<DataKey>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A buffer of its own, not a view of the pool the nonces come from.
    const dataKey = { keyId: newKeyId(), key: Buffer.from(randomBytesPooled(32)) };
    this.pending.set(customerId, { dataKey, settled, resolve, reject });
    this.scheduleFlush();
    return settled;
  }

  /** A commit of the waiting keys at the end of this turn, unless a sync is under way (they wait for it). */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.syncing > 0 || this.pending.size === 0) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.size === 0) return; // committed early (an erasure, close): nothing left
    this.pending = new Map();
    this.flushScheduled = false;
    const createdAt = new Date().toISOString();
    try {
      this.db.transaction(() => {
        for (const [customerId, { dataKey }] of batch) {
          this.insertKey.run(dataKey.keyId, customerId, dataKey.key, createdAt);
        }
      })();
    } catch (error) {
      for (const waiting of batch.values()) waiting.reject(error);
      return;
    }
    // What tells, after the sync, whether an erasure (here or by another process) may have
    // deleted one of these keys meanwhile: only then are they looked up one by one.
    const erasures = this.erasures;
    const version = this.dataVersion.get() as number;
    this.syncing++;
    this.walSynced().then(
      () => {
        this.syncing--;
        const maybeErased =
          this.db.open && (this.erasures !== erasures || this.dataVersion.get() !== version);
        for (const [customerId, waiting] of batch) {
          // Unless an erasure came first: the key it erased is no customer's current key.
          if (this.db.open && (!maybeErased || this.selectKey.get(waiting.dataKey.keyId) !== undefined)) {
            this.remember(customerId, waiting.dataKey);
          }
          waiting.resolve(waiting.dataKey);
        }
        this.scheduleFlush();
      },
      (error: unknown) => {
        this.syncing--;
        for (const waiting of batch.values()) waiting.reject(error);
        this.scheduleFlush();
      },
    );
  }

  /**
   * Drops the current keys this process remembers when another connection (another process:
   * the projection process, `npm run erase`, an import) has committed to the file since the
   * last look: it may have erased one of them. SQLite's data_version tells, for ~2 µs; it is
   * asked once per turn of the event loop, the SELECT of a current key it saves (~5-15 µs)
   * once per command.
   */
  private forgetIfOthersWrote(): void {
    if (this.versionCheckedThisTurn) return;
    this.versionCheckedThisTurn = true;
    setImmediate(() => (this.versionCheckedThisTurn = false));
    const version = this.dataVersion.get() as number;
    if (version !== this.version) {
      this.version = version;
      this.current.clear();
    }
  }

  private remember(customerId: string, dataKey: DataKey): void {
    this.current.delete(customerId);
    this.current.set(customerId, dataKey);
    if (this.current.size > CURRENT_KEYS_HELD)
      this.current.delete(this.current.keys().next().value as string);
  }

  /**
   * The commits so far made durable: one fdatasync of the WAL, in libuv's thread pool, so that
   * the event loop goes on serving while the disk syncs (with synchronous FULL, SQLite would
   * sync inside the commit, on the event loop: ~2.5 ms per batch here). A sync asked for after
   * close finds its commits synced by close itself.
   */
  private async walSynced(): Promise<void> {
    const opening = (this.wal ??= open(this.walPath, 'r'));
    try {
      await (await opening).datasync();
    } catch (error) {
      if (!this.db.open) return;
      throw error;
    }
  }
}
