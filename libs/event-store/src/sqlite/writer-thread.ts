import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ValidatedAppend } from '../append-validation';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type { ActualRevision, ExpectedRevision } from '../expected-revision';
import type { AppendOutcome, CommittedAppend } from './sqlite-writer';

export type WriterRequest =
  | { kind: 'commit'; id: number; requests: ValidatedAppend[] }
  | { kind: 'probe'; id: number }
  | { kind: 'close' };

export type ThreadAppendOutcome =
  | { ok: true; value: CommittedAppend }
  | {
      ok: false;
      conflict?: { streamId: string; expectedRevision: ExpectedRevision; actualRevision: ActualRevision };
      message?: string;
      /** Set when the store cannot write (SQLITE_FULL, IOERR...). */
      code?: string;
    };

export type WriterReply =
  { id: number; outcomes: ThreadAppendOutcome[] } | { id: number; failure: string; code?: string };

/**
 * The main thread's side of the writer thread: sends batches of appends to commit and
 * resolves each with its outcomes once committed and synced.
 */
export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (outcomes: AppendOutcome[]) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private stopped?: Error;
  private closing = false;

  constructor(path: string) {
    // Under ts-node-like runners (tests, scripts) the thread is TypeScript too, compiled by the
    // loader the process was started with (`-r`), else by @swc-node/register.
    const typescript = __filename.endsWith('.ts');
    const loaders = requiredModules(process.execArgv);
    this.worker = new Worker(join(__dirname, `writer-thread-entry.${typescript ? 'ts' : 'js'}`), {
      workerData: { path },
      execArgv: typescript ? (loaders.length > 0 ? loaders : ['-r', '@swc-node/register']) : [],
    });
    // The thread keeps the process alive only while a commit is under way.
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) =>
      this.failAll(new Error(`The event store's writer thread stopped (${code})`)),
    );
  }

  /** Why the thread stopped when nobody asked it to (the store can no longer write). */
  get failure(): Error | undefined {
    return this.closing ? undefined : this.stopped;
  }

  commit(requests: ValidatedAppend[]): Promise<AppendOutcome[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ kind: 'commit', id, requests } satisfies WriterRequest);
    });
  }

  /** A small committed write on the thread: resolves when the store takes writes again. */
  probe(): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<AppendOutcome[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ kind: 'probe', id } satisfies WriterRequest);
    }).then(() => undefined);
  }

  /** Lets the thread finish what it was sent, then stops it. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.closing = true;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.ref();
    this.worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    await exited;
  }

  private settle(reply: WriterReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if ('failure' in reply) waiter.reject(toError(reply.failure, reply.code));
    else waiter.resolve(reply.outcomes.map(fromThreadOutcome));
  }

  private failAll(error: Error): void {
    this.stopped ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

function fromThreadOutcome(outcome: ThreadAppendOutcome): AppendOutcome {
  if (outcome.ok) return outcome;
  if (outcome.conflict) {
    const { streamId, expectedRevision, actualRevision } = outcome.conflict;
    return { ok: false, error: new WrongExpectedRevisionError(streamId, expectedRevision, actualRevision) };
  }
  return { ok: false, error: toError(outcome.message ?? 'the append failed', outcome.code) };
}

function toError(message: string, code: string | undefined): Error {
  return code ? new EventStoreUnavailableError(`${code}: ${message}`) : new Error(message);
}

/** The `-r`/`--require` options of `execArgv`, e.g. `['-r', '@swc-node/register']`. */
function requiredModules(execArgv: readonly string[]): string[] {
  const required: string[] = [];
  execArgv.forEach((arg, index) => {
    if ((arg === '-r' || arg === '--require') && index + 1 < execArgv.length)
      required.push('-r', execArgv[index + 1]);
    else if (arg.startsWith('--require=')) required.push('-r', arg.slice('--require='.length));
  });
  return required;
}
