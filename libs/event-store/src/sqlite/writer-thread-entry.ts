/**
 * The embedded store's writer thread: commits the batches the store sends (writer-thread.ts),
 * so the main thread serves requests while a commit waits for its fsync.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { ValidatedAppend } from '../append-validation';
import { WrongExpectedRevisionError } from '../errors';
import { applySchema, SQLITE_BUSY_TIMEOUT_MS } from './schema';
import { BatchRolledBackError, cannotWriteCode, SqliteWriter, type AppendOutcome } from './sqlite-writer';
import type { ThreadAppendOutcome, WriterReply, WriterRequest } from './writer-thread';

const db = new Database((workerData as { path: string }).path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
applySchema(db);
const writer = new SqliteWriter(db);
const port = parentPort!;

port.on('message', (message: WriterRequest) => {
  if (message.kind === 'probe') {
    port.postMessage(probe(message.id));
    return;
  }
  if (message.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = {
      id: message.id,
      outcomes: writer.commit(message.requests as ValidatedAppend[]).map(toThreadOutcome),
    };
  } catch (error) {
    reply = { id: message.id, failure: (error as Error).message, code: storageCode(error) };
  }
  port.postMessage(reply);
});

/** Errors do not cross threads as they are: a revision conflict is sent as its fields. */
function toThreadOutcome(outcome: AppendOutcome): ThreadAppendOutcome {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (error instanceof WrongExpectedRevisionError) {
    const { streamId, expectedRevision, actualRevision } = error;
    return { ok: false, conflict: { streamId, expectedRevision, actualRevision } };
  }
  return { ok: false, message: (error as Error).message, code: storageCode(error) };
}

/** The SQLite code of an error that says the store cannot write (BatchRolledBackError: its cause's). */
function storageCode(error: unknown): string | undefined {
  const cause = error instanceof BatchRolledBackError ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && cannotWriteCode(code) ? code : undefined;
}

/** A small committed write (one row rewritten as it is): whether the disk takes writes again. */
function probe(id: number): WriterReply {
  try {
    db.transaction(() =>
      db.prepare('UPDATE store_identity SET created_at = created_at WHERE id = 1').run(),
    ).immediate();
    return { id, outcomes: [] };
  } catch (error) {
    return { id, failure: (error as Error).message, code: storageCode(error) };
  }
}
