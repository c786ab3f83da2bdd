import type Database from 'better-sqlite3';
import type { ValidatedAppend } from '../append-validation';
import type { AppendResult } from '../event-store';
import { WrongExpectedRevisionError } from '../errors';
import {
  NO_STREAM,
  NO_STREAM_REVISION,
  satisfiesExpectedRevision,
  toActualRevision,
} from '../expected-revision';
import type { Outcome } from './group-commit';

/**
 * SQLite's codes for "this store cannot write now": a full disk, an I/O error, out of memory,
 * a file that became read-only or cannot be opened, a write lock held too long elsewhere.
 * (Extended codes start with these.)
 */
const CANNOT_WRITE_CODES = [
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_NOMEM',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  // Another process held the write lock past the busy timeout.
  'SQLITE_BUSY',
];

export function cannotWriteCode(code: string): boolean {
  return CANNOT_WRITE_CODES.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));
}

/** SQLite rolled the batch's transaction back whole: none of its appends is stored. */
export class BatchRolledBackError extends Error {
  override readonly name = 'BatchRolledBackError';
  constructor(override readonly cause: unknown) {
    super(
      `The store rolled back the whole batch, nothing of it was written: ${(cause as Error)?.message ?? String(cause)}`,
    );
  }
}

/** An append's result, and whether it wrote (false for an idempotent repeat). */
export type CommittedAppend = { result: AppendResult; written: boolean };

/** The result of one append within a committed batch. */
export type AppendOutcome = Outcome<CommittedAppend>;

/**
 * The writing side of the embedded store: commits a batch of validated appends in one
 * transaction (one fsync); each append in it is all or nothing, and one failing append does
 * not spoil the others. It runs on the writer thread (writer-thread-entry.ts).
 */
export class SqliteWriter {
  private readonly statements;
  private readonly transaction: Database.Transaction<(requests: ValidatedAppend[]) => AppendOutcome[]>;

  constructor(db: Database.Database) {
    this.statements = {
      streamRevision: db.prepare<[string], { revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      eventById: db.prepare<[string, string], { revision: number; position: number }>(
        'SELECT revision, position FROM events WHERE stream_id = ? AND event_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    // Nested inside the batch's transaction, better-sqlite3 runs this in a SAVEPOINT: a
    // statement failing halfway through one append rolls back that append alone.
    const appendInSavepoint = db.transaction((request: ValidatedAppend, recordedAt: string) =>
      this.appendOne(request, recordedAt),
    );
    this.transaction = db.transaction((requests: ValidatedAppend[]) => {
      const recordedAt = new Date().toISOString();
      return requests.map((request): AppendOutcome => {
        try {
          return { ok: true, value: appendInSavepoint(request, recordedAt) };
        } catch (error) {
          // SQLITE_FULL, IOERR, NOMEM (or a trigger's RAISE(ROLLBACK)) roll back the whole
          // transaction, not the savepoint: the batch's earlier appends are gone, and later
          // ones would each commit on their own. Fail the batch whole.
          if (!db.inTransaction) throw new BatchRolledBackError(error);
          return { ok: false, error };
        }
      });
    });
  }

  /**
   * Commits the batch; throws (writing nothing) when the transaction itself fails. BEGIN
   * IMMEDIATE takes the write lock first, waiting for it (busy timeout) while another
   * connection holds it, instead of failing at the first insert.
   */
  commit(requests: ValidatedAppend[]): AppendOutcome[] {
    return this.transaction.immediate(requests);
  }

  private appendOne(request: ValidatedAppend, recordedAt: string): CommittedAppend {
    const { streamId, expectedRevision, events } = request;
    const current = this.statements.streamRevision.get(streamId)?.revision ?? NO_STREAM_REVISION;
    const repeat = this.findIdempotentRepeat(request, current);
    if (repeat) return { result: repeat, written: false };
    if (!satisfiesExpectedRevision(expectedRevision, current)) {
      throw new WrongExpectedRevisionError(streamId, expectedRevision, toActualRevision(current));
    }
    let revision = current;
    let position = 0n;
    for (const event of events) {
      revision += 1;
      const info = this.statements.insert.run(
        streamId,
        revision,
        event.id,
        event.type,
        event.dataJson,
        event.metadataJson,
        recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
    }
    return { result: { nextExpectedRevision: revision, position }, written: true };
  }

  /**
   * EventStoreDB's idempotency rule: if every event id is already in the stream, in order,
   * where this append would have put them, the append is a repeat and writes nothing.
   * Some ids present but not all (or elsewhere) is a conflict.
   */
  private findIdempotentRepeat(request: ValidatedAppend, current: number): AppendResult | undefined {
    const { streamId, expectedRevision, events } = request;
    const found = events.map((event) => this.statements.eventById.get(streamId, event.id));
    if (found.every((row) => row === undefined)) return undefined;
    const first = found[0];
    const inOrder =
      first !== undefined &&
      found.every((row, index) => row !== undefined && row.revision === first.revision + index);
    const expectedFirst =
      typeof expectedRevision === 'number'
        ? expectedRevision + 1
        : expectedRevision === NO_STREAM
          ? 0
          : first?.revision;
    if (!inOrder || first.revision !== expectedFirst) {
      throw new WrongExpectedRevisionError(streamId, expectedRevision, toActualRevision(current));
    }
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: BigInt(last.position) };
  }
}
