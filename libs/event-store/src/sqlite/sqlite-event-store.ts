import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { validateAppend, validateStreamId, type ValidatedAppend } from '../append-validation';
import { EventStoreUnavailableError, EventStoreUnsupportedError, EventStoreValidationError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  EventStoreCapabilities,
  ReadAllOptions,
  ReadStreamOptions,
  ScanAllOptions,
  ScannedEvents,
  SubscribeToAllOptions,
} from '../event-store';
import { EventSubscription } from '../event-subscription';
import { NO_STREAM_REVISION } from '../expected-revision';
import type { EventToAppend, RecordedEvent } from '../recorded-event';
import { GroupCommit } from './group-commit';
import { HeadWatch } from './head-watch';
import { applySchema, readStoreId, SQLITE_BUSY_TIMEOUT_MS } from './schema';
import type { AppendOutcome, CommittedAppend } from './sqlite-writer';
import { SqliteWriterThread } from './writer-thread';
import { StoreLock } from './store-lock';
import { StoredEvent } from './stored-event';

export interface SqliteEventStoreOptions {
  /** Path of the database file, e.g. `DATA_DIR/events.db`. */
  path: string;
  /**
   * Open an existing store for reading only: for tools that must never write, such as the
   * projection rebuild. Appends are refused.
   */
  readOnly?: boolean;
  /**
   * Hold `<path>.lock` while open, so that a second exclusive opener (a second service on
   * the same data directory) is refused. Other openers, exclusive or not, may still append.
   */
  exclusive?: boolean;
}

/** How often a store looks for commits of other processes (PRAGMA data_version). */
const OTHERS_POLL_MS = 25;
/** How often a store that could not write tries a small write when asked whether it can. */
const PROBE_INTERVAL_MS = 1000;
/** Below this much free space a store that could not write is still taken as full. */
const MIN_FREE_BYTES = 1024 * 1024;

type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';
const DEFAULT_PAGE = 1000;
const SUBSCRIPTION_PAGE = 1000;

/**
 * The embedded event store: one SQLite file, group-committed appends on a writer thread of
 * its own (the main thread goes on serving while a commit waits for its fsync), reads on the
 * caller's thread.
 */
export class SqliteEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { durableIdempotenceWithoutRevision: true };
  private readonly statements;
  private readonly writerThread?: SqliteWriterThread;
  private readonly writer: GroupCommit<ValidatedAppend, CommittedAppend>;
  private readonly headWatch: HeadWatch;
  private closed = false;
  /** Why the last commit could not write (cleared by one that could), and when it was last probed. */
  private writeFailure?: string;
  private lastProbe = 0;
  /** Prepared once the file is known to have an identity. */
  private storeIdQuery?: Database.Statement<[], { store_id: string }>;

  private readonly poll: NodeJS.Timeout;

  private constructor(
    private readonly db: Database.Database,
    private readonly lock: StoreLock | undefined,
    readOnly: boolean,
  ) {
    this.statements = {
      streamRevision: db.prepare<[string], { revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      countEvents: db.prepare<[bigint, bigint, number], { count: number }>(
        'SELECT count(*) AS count FROM (SELECT 1 FROM events WHERE position > ? AND position <= ? LIMIT ?)',
      ),
      findEvent: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND event_id = ?`).raw(true),
      readForwards: db
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
        )
        .raw(true),
      readBackwards: db
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(true),
      readAll: db
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
        )
        .raw(true),
      readAllFiltered: db
        .prepare(
          `SELECT ${COLUMNS} FROM events
           WHERE position > @after AND position <= @upTo
             AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
             AND (@prefix IS NULL OR substr(stream_id, 1, length(@prefix)) = @prefix)
           ORDER BY position LIMIT @limit`,
        )
        .raw(true),
    };
    this.headWatch = new HeadWatch(this.readHead());
    // Commits of other processes (and of this store's own writer thread, already advanced)
    // change the file's data version; only then is the head read again.
    const dataVersion = db.prepare<[], { data_version: number }>('PRAGMA data_version');
    let seenVersion = dataVersion.get()!.data_version;
    this.poll = setInterval(() => {
      if (this.closed) return;
      const version = dataVersion.get()!.data_version;
      if (version === seenVersion) return;
      seenVersion = version;
      this.headWatch.advance(this.readHead());
    }, OTHERS_POLL_MS).unref();
    if (!readOnly) this.writerThread = new SqliteWriterThread(db.name);
    this.writer = new GroupCommit(async (requests) => {
      if (!this.writerThread) throw new Error('The event store is open for reading only');
      let outcomes: AppendOutcome[];
      try {
        outcomes = await this.writerThread.commit(requests);
      } catch (error) {
        if (error instanceof EventStoreUnavailableError) this.writeFailure = error.reason;
        throw error;
      }
      const unavailable = outcomes.find(
        (outcome) => !outcome.ok && outcome.error instanceof EventStoreUnavailableError,
      );
      this.writeFailure = unavailable
        ? (unavailable as { error: EventStoreUnavailableError }).error.reason
        : undefined;
      // Committed and synced: only now may subscribers see these events.
      this.advanceHead(outcomes);
      return outcomes;
    });
  }

  /**
   * Opens (creating if needed) the store at `path`. Several processes may open one store
   * and append to it; their commits serialize on SQLite's write lock, so positions stay
   * gap-free and in commit order, and each notices the others' commits within ~25 ms.
   * @throws EventStoreLockedError when `exclusive` and another exclusive opener holds it
   */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    if (options.readOnly) {
      const db = new Database(options.path, { readonly: true, fileMustExist: true });
      return new SqliteEventStore(db, undefined, true);
    }
    createPrivately(options.path);
    const lock = options.exclusive ? StoreLock.acquire(`${options.path}.lock`, options.path) : undefined;
    try {
      const db = new Database(options.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
      applySchema(db);
      return new SqliteEventStore(db, lock, false);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  /**
   * Takes the store's exclusive lock without opening it, for tools that must act only while no
   * service runs on it (restore). Released by the holder, or by the OS when it dies.
   * @throws EventStoreLockedError when a service holds it
   */
  static lockExclusively(path: string): { release(): void } {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    return StoreLock.acquire(`${path}.lock`, path);
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    if (!this.writerThread) return Promise.reject(new Error('The event store is open for reading only'));
    let request: ValidatedAppend;
    try {
      request = validateAppend(streamId, events, options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.submit(request).then((committed) => committed.result);
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.run(() => {
      validateStreamId(streamId);
      const maxCount = validateCount(options.maxCount ?? Number.MAX_SAFE_INTEGER, 'maxCount');
      const rows =
        options.direction === 'backwards'
          ? this.statements.readBackwards.all(
              streamId,
              validateRevision(options.fromRevision ?? Number.MAX_SAFE_INTEGER),
              maxCount,
            )
          : this.statements.readForwards.all(streamId, validateRevision(options.fromRevision ?? 0), maxCount);
      return (rows as EventRow[]).map(toRecordedEvent);
    });
  }

  streamRevision(streamId: string): Promise<number> {
    return this.run(() => this.currentRevision(validateStreamId(streamId)));
  }

  findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    return this.run(() => {
      const row = this.statements.findEvent.get(validateStreamId(streamId), eventId);
      return row === undefined ? undefined : toRecordedEvent(row as EventRow);
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.run(() =>
      this.readPage(
        validatePosition(options.after ?? 0n),
        this.headWatch.head,
        validateCount(options.maxCount ?? DEFAULT_PAGE, 'maxCount'),
        options.filter,
      ),
    );
  }

  /** The window (after, after + scanLimit] is scanned in SQL: positions here are gap-free counts. */
  scanAll(options: ScanAllOptions): Promise<ScannedEvents> {
    return this.run(() => {
      const after = validatePosition(options.after);
      const maxCount = validateCount(options.maxCount, 'maxCount');
      const scanLimit = validateCount(options.scanLimit, 'scanLimit');
      const head = this.headWatch.head;
      const windowEnd = after + BigInt(scanLimit) < head ? after + BigInt(scanLimit) : head;
      if (windowEnd <= after) return { events: [], examinedUpTo: after };
      const events = this.readPage(after, windowEnd, maxCount, options.filter);
      return {
        events,
        examinedUpTo: events.length === maxCount ? events[events.length - 1].position : windowEnd,
      };
    });
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    const after = validatePosition(options.after ?? 0n);
    return new EventSubscription((signal) => this.follow(after, options.filter, signal));
  }

  headPosition(): Promise<bigint> {
    // A store that can no longer write is down, for /health too.
    const failure = this.writerThread?.failure;
    return failure ? Promise.reject(failure) : Promise.resolve(this.headWatch.head);
  }

  async cannotWrite(): Promise<string | undefined> {
    if (!this.writeFailure || !this.writerThread || this.closed) return this.writeFailure;
    if (Date.now() - this.lastProbe >= PROBE_INTERVAL_MS) {
      this.lastProbe = Date.now();
      // A failed commit leaves its partial frames' room in the -wal file: a small probe write
      // fits there on a disk still full. Room for a batch again is what counts.
      const free = freeBytes(dirname(this.db.name));
      if (free !== undefined && free < MIN_FREE_BYTES) return this.writeFailure;
      await this.writerThread.probe().then(
        () => (this.writeFailure = undefined),
        (error: unknown) => {
          if (error instanceof EventStoreUnavailableError) this.writeFailure = error.reason;
        },
      );
    }
    return this.writeFailure;
  }

  /** Read each time (one indexed row): a store file restored under a running worker is noticed. */
  storeId(): Promise<string> {
    return this.run(() => {
      const storeId = this.storeIdQuery ? this.storeIdQuery.get()?.store_id : readStoreId(this.db);
      if (storeId !== undefined) {
        this.storeIdQuery ??= this.db.prepare('SELECT store_id FROM store_identity WHERE id = 1');
      }
      if (storeId === undefined) {
        throw new EventStoreUnsupportedError(
          `The event store ${this.db.name} has no identity yet: open it once for writing (start the service) before reading it with this tool`,
        );
      }
      return storeId;
    });
  }

  async countEvents(after: bigint, upTo: bigint, limit: number): Promise<number> {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new EventStoreValidationError('limit', 'must be a whole number >= 0');
    }
    const visible = upTo < this.headWatch.head ? upTo : this.headWatch.head;
    if (visible <= after || limit === 0) return 0;
    return this.statements.countEvents.get(after, visible, limit)!.count;
  }

  /** Commits what was appended before it, then closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.drain();
    await this.writerThread?.close();
    clearInterval(this.poll);
    this.headWatch.wakeAll();
    this.db.close();
    this.lock?.release();
  }

  private advanceHead(outcomes: AppendOutcome[]): void {
    for (const outcome of outcomes) {
      if (outcome.ok && outcome.value.written) this.headWatch.advance(outcome.value.result.position);
    }
  }

  /** Reads pages from the store and then waits for the head to move: no gap, no duplicate. */
  private async *follow(
    start: bigint,
    filter: EventFilter | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<RecordedEvent, void, undefined> {
    let after = start;
    while (!signal.aborted && !this.closed) {
      const upTo = this.headWatch.head;
      const page = this.readPage(after, upTo, SUBSCRIPTION_PAGE, filter);
      for (const event of page) {
        if (signal.aborted) return;
        yield event;
      }
      if (page.length === SUBSCRIPTION_PAGE) {
        after = page[page.length - 1].position;
      } else {
        // Everything up to `upTo` has been read (a filter may have skipped some): wait for more.
        after = upTo;
        await this.headWatch.waitBeyond(after, signal);
      }
    }
  }

  private readHead(): bigint {
    return BigInt(this.statements.head.get()?.head ?? 0);
  }

  private currentRevision(streamId: string): number {
    return this.statements.streamRevision.get(streamId)?.revision ?? NO_STREAM_REVISION;
  }

  private readPage(after: bigint, upTo: bigint, limit: number, filter?: EventFilter): RecordedEvent[] {
    const rows =
      filter?.eventTypes === undefined && filter?.streamPrefix === undefined
        ? this.statements.readAll.all(after, upTo, limit)
        : this.statements.readAllFiltered.all({
            after,
            upTo,
            limit,
            types: filter.eventTypes === undefined ? null : JSON.stringify(filter.eventTypes),
            prefix: filter.streamPrefix ?? null,
          });
    return (rows as EventRow[]).map(toRecordedEvent);
  }

  private run<T>(read: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return new StoredEvent(BigInt(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
}

function validateCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new EventStoreValidationError(field, 'must be a whole number >= 1');
  }
  return value;
}

function validateRevision(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new EventStoreValidationError('fromRevision', 'must be a whole number >= 0');
  }
  return value;
}

function validatePosition(value: bigint): bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new EventStoreValidationError('after', 'must be a position (bigint) >= 0');
  }
  return value;
}

/**
 * The data directory (0700) and an empty store file (0600) when they do not exist yet:
 * SQLite gives its -wal, -shm and the lock file the store file's mode. Existing files keep
 * theirs (the service warns at start when others may read them).
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  for (const file of [path, `${path}.lock`]) {
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  }
}

/** Bytes an unprivileged writer may still use on the file system of `dir`, if it can be told. */
function freeBytes(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}
