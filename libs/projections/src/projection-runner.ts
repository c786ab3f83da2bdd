import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import type { Projection } from './projection';
import { projectionKeys } from './projection-keys';
import { ProjectionLease, type CommitGuard } from './projection-lease';

const MAX_BATCH = 1000;
const RETRY_DELAY_MS = 1000;
const NEXT_TURN = Symbol('next turn');

export interface ProjectionRunnerOptions {
  store: EventStore;
  redis: Redis;
  /** REDIS_PREFIX: the projection's keys and checkpoint live under it. */
  redisPrefix: string;
  projection: Projection;
  /**
   * Build this generation of the read model (a rebuild) instead of following the active one.
   */
  generation?: string;
  /** How long the lease outlives a holder that stopped renewing it. Default 10 s. */
  leaseMs?: number;
  onError?: (error: unknown) => void;
}

/** Stops following; the runner then starts again from the stored checkpoint. */
class RestartFromCheckpoint extends Error {}

/** Where one pass of following writes, and what must not have changed for it to write. */
interface Target {
  generation: string;
  /** The active-generation pointer as read (live runners stop when a rebuild moves it). */
  pointer?: string | null;
}

/**
 * Runs one projection in one worker at a time (a lease in Redis; another worker takes over
 * when the holder dies): subscribes from its checkpoint, gathers the events that are ready
 * into a batch, and applies the batch's read-model writes and the new checkpoint in one
 * MULTI/EXEC. On a failure it starts again from the checkpoint, which never moved past an
 * unapplied event. A live runner follows the active generation of the read model and moves
 * to a new one when a rebuild switches to it.
 */
export class ProjectionRunner {
  private readonly abort = new AbortController();
  private readonly keys;
  private running?: Promise<void>;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.keys = projectionKeys(options.redisPrefix, options.projection.name);
  }

  get name(): string {
    return this.options.projection.name;
  }

  get leaseKey(): string {
    return this.keys.lease(this.options.generation);
  }

  /** The generation this runner writes: its own (rebuild) or the active one. */
  async generation(): Promise<string> {
    return this.options.generation ?? (await this.options.redis.get(this.keys.generation)) ?? '0';
  }

  /** The position of the last event applied to the generation, 0n before the first. */
  async checkpoint(): Promise<bigint> {
    return BigInt((await this.options.redis.get(this.keys.checkpoint(await this.generation()))) ?? 0);
  }

  start(): void {
    if (this.running) return;
    const lease = new ProjectionLease(
      // No offline queue: while Redis is away, lease calls fail at once instead of piling up.
      this.options.redis.duplicate({ enableOfflineQueue: false }),
      this.leaseKey,
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      this.options.leaseMs ?? 10_000,
    );
    this.running = this.runUntilStopped(lease);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Resolves once the checkpoint has reached `position`. */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.checkpoint()) < position) {
      if (Date.now() > deadline) throw new Error(`${this.name} did not reach ${position}`);
      await delay(10);
    }
  }

  private async runUntilStopped(lease: ProjectionLease): Promise<void> {
    const ttl = lease.ttlMs;
    try {
      while (!this.abort.signal.aborted) {
        if (!(await lease.acquire().catch(() => false))) {
          await this.pause(Math.min(1000, ttl / 2));
          continue;
        }
        const lost = new AbortController();
        const renewal = setInterval(() => {
          lease.renew().then(
            (held) => held || lost.abort(),
            () => lost.abort(),
          );
        }, ttl / 3);
        try {
          await this.follow(lease, lost.signal);
        } catch (error) {
          if (this.abort.signal.aborted || error instanceof RestartFromCheckpoint) continue;
          this.options.onError?.(error);
          await this.pause(RETRY_DELAY_MS);
        } finally {
          clearInterval(renewal);
        }
      }
    } finally {
      await lease.release().catch(() => undefined);
      lease.disconnect();
    }
  }

  /** Waits `ms`, or less when the runner is stopped meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private async follow(lease: ProjectionLease, lost: AbortSignal): Promise<void> {
    const { store, redis } = this.options;
    const pointer = this.options.generation === undefined ? await redis.get(this.keys.generation) : undefined;
    const target: Target = { generation: this.options.generation ?? pointer ?? '0', pointer };
    const stored = await redis.get(this.keys.checkpoint(target.generation));
    // Every event moves the checkpoint, also those the projection ignores, so the lag it
    // reports is the number of events it has yet to see.
    const subscription = store.subscribeToAll({ after: BigInt(stored ?? 0) });
    const stop = () => subscription.close();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    lost.addEventListener('abort', stop, { once: true });
    // Either may have fired before the listeners were added.
    if (this.abort.signal.aborted || lost.aborted) stop();
    let applied = stored;
    try {
      const events = subscription[Symbol.asyncIterator]();
      let next = events.next();
      for (;;) {
        const first = await next;
        if (first.done) return;
        const batch = [first.value];
        next = events.next();
        // Take what is ready before the event loop's next turn (catch-up); do not wait for
        // more once live.
        const turn = nextTurn();
        while (batch.length < MAX_BATCH) {
          const ready = await Promise.race([next, turn]);
          if (ready === NEXT_TURN || ready.done) break;
          batch.push(ready.value);
          next = events.next();
        }
        applied = await this.apply(batch, lease, target, applied);
      }
    } finally {
      this.abort.signal.removeEventListener('abort', stop);
      lost.removeEventListener('abort', stop);
      subscription.close();
    }
  }

  /**
   * Commits the batch and the new checkpoint, provided the stored checkpoint is still the one
   * this worker last wrote (if Redis lost it, the runner starts again from what is stored,
   * rebuilding the read model on its own) and, for a live runner, the active generation is
   * still the one it writes (after a rebuild it moves to the new one).
   * @returns the new checkpoint as stored
   */
  private async apply(
    batch: RecordedEvent[],
    lease: ProjectionLease,
    target: Target,
    applied: string | null,
  ): Promise<string> {
    const { redis, projection } = this.options;
    const types = projection.eventTypes;
    const wanted = types ? batch.filter((event) => types.includes(event.type)) : batch;
    const checkpointKey = this.keys.checkpoint(target.generation);
    const checkpoint = batch[batch.length - 1].position.toString();
    const guards: CommitGuard[] = [{ key: checkpointKey, expected: applied }];
    if (target.pointer !== undefined) guards.push({ key: this.keys.generation, expected: target.pointer });
    const keyPrefix = this.keys.readModel(target.generation);
    for (;;) {
      const outcome = await lease.commit(guards, async (tx) => {
        if (wanted.length > 0) await projection.project(wanted, { redis, tx, keyPrefix });
        tx.set(checkpointKey, checkpoint);
      });
      if (outcome === 'committed') return checkpoint;
      if (outcome === 'lost') throw new RestartFromCheckpoint(`${projection.name}: the lease was lost`);
      if (outcome === 'diverged')
        throw new RestartFromCheckpoint(`${projection.name}: checkpoint or generation moved`);
    }
  }
}

function nextTurn(): Promise<typeof NEXT_TURN> {
  return new Promise((resolve) => setImmediate(() => resolve(NEXT_TURN)));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
