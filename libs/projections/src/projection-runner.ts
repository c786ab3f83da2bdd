import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import type { Projection } from './projection';
import { ProjectionLease } from './projection-lease';

const MAX_BATCH = 1000;
const RETRY_DELAY_MS = 1000;
const NEXT_TURN = Symbol('next turn');

export interface ProjectionRunnerOptions {
  store: EventStore;
  redis: Redis;
  /** REDIS_PREFIX: the projection's keys and checkpoint live under it. */
  redisPrefix: string;
  projection: Projection;
  /** How long the lease outlives a holder that stopped renewing it. Default 10 s. */
  leaseMs?: number;
  onError?: (error: unknown) => void;
}

/** Stops following; the runner then starts again from the stored checkpoint. */
class RestartFromCheckpoint extends Error {}

/**
 * Runs one projection in one worker at a time (a lease in Redis; another worker takes over
 * when the holder dies): subscribes from its checkpoint, gathers the events that are ready
 * into a batch, and applies the batch's read-model writes and the new checkpoint in one
 * MULTI/EXEC. On a failure it starts again from the checkpoint, which never moved past an
 * unapplied event.
 */
export class ProjectionRunner {
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private lease?: ProjectionLease;

  constructor(private readonly options: ProjectionRunnerOptions) {}

  get name(): string {
    return this.options.projection.name;
  }

  get checkpointKey(): string {
    return `${this.options.redisPrefix}:projection:${this.options.projection.name}:checkpoint`;
  }

  get keyPrefix(): string {
    return projectionKeyPrefix(this.options.redisPrefix, this.options.projection.name);
  }

  /** The position of the last event applied, 0n before the first. */
  async checkpoint(): Promise<bigint> {
    return BigInt((await this.options.redis.get(this.checkpointKey)) ?? 0);
  }

  get leaseKey(): string {
    return `${this.options.redisPrefix}:projection:${this.options.projection.name}:lease`;
  }

  start(): void {
    if (this.running) return;
    const ttl = this.options.leaseMs ?? 10_000;
    this.lease = new ProjectionLease(
      this.options.redis.duplicate(),
      this.leaseKey,
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      ttl,
    );
    this.running = this.runUntilStopped(this.lease);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Resolves once the checkpoint has reached `position`. */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.checkpoint()) < position) {
      if (Date.now() > deadline) throw new Error(`${this.options.projection.name} did not reach ${position}`);
      await delay(10);
    }
  }

  private async runUntilStopped(lease: ProjectionLease): Promise<void> {
    const ttl = lease.ttlMs;
    try {
      while (!this.abort.signal.aborted) {
        if (!(await lease.acquire().catch(() => false))) {
          await delay(Math.min(1000, ttl / 2));
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
          await delay(RETRY_DELAY_MS);
        } finally {
          clearInterval(renewal);
        }
      }
    } finally {
      await lease.release().catch(() => undefined);
      lease.disconnect();
    }
  }

  private async follow(lease: ProjectionLease, lost: AbortSignal): Promise<void> {
    const { store } = this.options;
    // Every event moves the checkpoint, also those the projection ignores, so the lag it
    // reports is the number of events it has yet to see.
    const stored = await this.options.redis.get(this.checkpointKey);
    const subscription = store.subscribeToAll({ after: BigInt(stored ?? 0) });
    let applied = stored;
    const stop = () => subscription.close();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    lost.addEventListener('abort', stop, { once: true });
    // Either may have fired before the listeners were added.
    if (this.abort.signal.aborted || lost.aborted) stop();
    try {
      const events = subscription[Symbol.asyncIterator]();
      let next = events.next();
      for (;;) {
        const first = await next;
        if (first.done) return;
        const batch = [first.value];
        next = events.next();
        // Take what is ready now (catch-up); do not wait for more once live.
        while (batch.length < MAX_BATCH) {
          const ready = await Promise.race([next, nextTurn()]);
          if (ready === NEXT_TURN || ready.done) break;
          batch.push(ready.value);
          next = events.next();
        }
        applied = await this.apply(batch, lease, applied);
      }
    } finally {
      this.abort.signal.removeEventListener('abort', stop);
      lost.removeEventListener('abort', stop);
      subscription.close();
    }
  }

  /**
   * Commits the batch and the new checkpoint, provided the stored checkpoint is still the one
   * this worker last wrote: if Redis lost it (restarted without persistence), the runner
   * starts again from what is stored, rebuilding the read model on its own.
   * @returns the new checkpoint as stored
   */
  private async apply(
    batch: RecordedEvent[],
    lease: ProjectionLease,
    applied: string | null,
  ): Promise<string> {
    const { redis, projection } = this.options;
    const types = projection.eventTypes;
    const wanted = types ? batch.filter((event) => types.includes(event.type)) : batch;
    const checkpoint = batch[batch.length - 1].position.toString();
    for (;;) {
      const outcome = await lease.commit({ key: this.checkpointKey, expected: applied }, async (tx) => {
        if (wanted.length > 0) await projection.project(wanted, { redis, tx, keyPrefix: this.keyPrefix });
        tx.set(this.checkpointKey, checkpoint);
      });
      if (outcome === 'committed') return checkpoint;
      if (outcome === 'lost') throw new RestartFromCheckpoint(`${projection.name}: the lease was lost`);
      if (outcome === 'diverged') {
        this.options.onError?.(
          new Error(`${projection.name}: the checkpoint changed under it; rebuilding from it`),
        );
        throw new RestartFromCheckpoint(`${projection.name}: the checkpoint diverged`);
      }
    }
  }
}

/** Every key of a projection's read model starts with `<REDIS_PREFIX>:<projection name>`. */
export function projectionKeyPrefix(redisPrefix: string, projectionName: string): string {
  return `${redisPrefix}:${projectionName}`;
}

function nextTurn(): Promise<typeof NEXT_TURN> {
  return new Promise((resolve) => setImmediate(() => resolve(NEXT_TURN)));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
