import type { Redis } from 'ioredis';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import type { Projection } from './projection';

const MAX_BATCH = 1000;
const RETRY_DELAY_MS = 1000;
const NEXT_TURN = Symbol('next turn');

export interface ProjectionRunnerOptions {
  store: EventStore;
  redis: Redis;
  /** REDIS_PREFIX: the projection's keys and checkpoint live under it. */
  redisPrefix: string;
  projection: Projection;
  onError?: (error: unknown) => void;
}

/**
 * Runs one projection: subscribes from its checkpoint, gathers the events that are ready into
 * a batch, and applies the batch's read-model writes and the new checkpoint in one MULTI/EXEC.
 * On a failure it starts again from the checkpoint, which never moved past an unapplied event.
 */
export class ProjectionRunner {
  private readonly abort = new AbortController();
  private running?: Promise<void>;

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

  start(): void {
    this.running ??= this.runUntilStopped();
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

  private async runUntilStopped(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.follow();
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.onError?.(error);
        await delay(RETRY_DELAY_MS);
      }
    }
  }

  private async follow(): Promise<void> {
    const { store } = this.options;
    // Every event moves the checkpoint, also those the projection ignores, so the lag it
    // reports is the number of events it has yet to see.
    const subscription = store.subscribeToAll({ after: await this.checkpoint() });
    const stop = () => subscription.close();
    this.abort.signal.addEventListener('abort', stop, { once: true });
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
        await this.apply(batch);
      }
    } finally {
      this.abort.signal.removeEventListener('abort', stop);
      subscription.close();
    }
  }

  private async apply(batch: RecordedEvent[]): Promise<void> {
    const { redis, projection } = this.options;
    const types = projection.eventTypes;
    const wanted = types ? batch.filter((event) => types.includes(event.type)) : batch;
    const tx = redis.multi();
    if (wanted.length > 0) await projection.project(wanted, { redis, tx, keyPrefix: this.keyPrefix });
    tx.set(this.checkpointKey, batch[batch.length - 1].position.toString());
    const results = await tx.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('The projection transaction was discarded');
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
