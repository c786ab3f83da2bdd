import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { deleteKeysUnder } from '@cl/redis';
import type { AfterCommit, Projection } from './projection';
import { projectionKeys } from './projection-keys';
import { ProjectionLease, type CommitGuard } from './projection-lease';

// Larger batches cost fewer round trips per event; a batch holds Redis for ~10 ms at most.
const MAX_BATCH = 2000;
const RETRY_DELAY_MS = 1000;
const NEXT_TURN = Symbol('next turn');

export interface ProjectionRunnerOptions {
  store: EventStore;
  redis: Redis;
  /** REDIS_PREFIX: the projections' keys and checkpoints live under it. */
  redisPrefix: string;
  /** Run together: one read of the store and one commit per batch serve them all. */
  projections: readonly Projection[];
  /**
   * Build this generation of the read model (a rebuild) instead of following the active one.
   */
  generation?: string;
  /** How long the lease outlives a holder that stopped renewing it. Default 10 s. */
  leaseMs?: number;
  onError?: (error: unknown) => void;
  /** Told what an operator should know, e.g. that a read model is rebuilt for a new version. */
  onNotice?: (message: string) => void;
}

/** Stops following; the runner then starts again from the stored checkpoints. */
class RestartFromCheckpoint extends Error {}

/** Where one pass of following writes a projection, and what must not have changed for it to write. */
interface Target {
  projection: Projection;
  types?: ReadonlySet<string>;
  checkpointKey: string;
  versionKey: string;
  version: string;
  keyPrefix: string;
  /** The checkpoint as this worker last read or wrote it (null: none yet). */
  applied: string | null;
  /** The active-generation pointer as read (live runners stop when a rebuild moves it). */
  pointerGuard?: CommitGuard;
}

/**
 * Runs projections in one worker at a time (a lease in Redis per projection; another worker
 * takes over when the holder dies). One subscription, from the lowest of their checkpoints,
 * feeds them all: it gathers the events that are ready into a batch, and each batch's
 * read-model writes and the new checkpoints are applied in one MULTI/EXEC. On a failure it
 * starts again from the checkpoints, which never moved past an unapplied event. A live runner
 * follows the active generation of each read model and moves to a new one when a rebuild
 * switches to it.
 */
export class ProjectionRunner {
  private readonly abort = new AbortController();
  private running?: Promise<void>;

  constructor(private readonly options: ProjectionRunnerOptions) {
    if (options.projections.length === 0) throw new Error('A ProjectionRunner needs a projection');
  }

  get names(): string[] {
    return this.options.projections.map((projection) => projection.name);
  }

  get leaseKeys(): string[] {
    return this.options.projections.map((projection) =>
      this.keysOf(projection).lease(this.options.generation),
    );
  }

  /** The position of the last event each projection applied to its generation, 0n before the first. */
  async checkpoints(): Promise<Map<string, bigint>> {
    const { redis, projections } = this.options;
    const keys = await Promise.all(
      projections.map(async (projection) =>
        this.keysOf(projection).checkpoint(await this.generationOf(projection)),
      ),
    );
    const stored = await redis.mget(...keys);
    return new Map(projections.map((projection, index) => [projection.name, BigInt(stored[index] ?? 0)]));
  }

  /** The lowest checkpoint of the projections it runs. */
  async checkpoint(): Promise<bigint> {
    return [...(await this.checkpoints()).values()].reduce((a, b) => (a < b ? a : b));
  }

  start(): void {
    if (this.running) return;
    const lease = new ProjectionLease(
      // No offline queue: while Redis is away, lease calls fail at once instead of piling up.
      this.options.redis.duplicate({ enableOfflineQueue: false }),
      this.leaseKeys,
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      this.options.leaseMs ?? 10_000,
    );
    this.running = this.runUntilStopped(lease);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Resolves once every checkpoint has reached `position`. */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.checkpoint()) < position) {
      if (Date.now() > deadline) throw new Error(`${this.names.join(', ')} did not reach ${position}`);
      await delay(10);
    }
  }

  private keysOf(projection: Projection) {
    return projectionKeys(this.options.redisPrefix, projection.name);
  }

  /** The generation a projection is written to: the runner's own (rebuild) or the active one. */
  private async generationOf(projection: Projection): Promise<string> {
    return (
      this.options.generation ?? (await this.options.redis.get(this.keysOf(projection).generation)) ?? '0'
    );
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

  /** Reads, for each projection, the generation it writes and its checkpoint there. */
  private async targets(): Promise<Target[]> {
    const { redis, generation } = this.options;
    return Promise.all(
      this.options.projections.map(async (projection): Promise<Target> => {
        const keys = this.keysOf(projection);
        const pointer = generation === undefined ? await redis.get(keys.generation) : undefined;
        const target = generation ?? pointer ?? '0';
        const checkpointKey = keys.checkpoint(target);
        const version = String(projection.version ?? 1);
        const [stored, builtBy] = await redis.mget(checkpointKey, keys.version(target));
        let applied = stored;
        if (applied !== null && (builtBy ?? '1') !== version) {
          // Built by another version of the projection: its keys may mean something else now.
          this.options.onNotice?.(
            `${projection.name}: read model built by version ${builtBy ?? '1'}, rebuilding it for version ${version} from the first event`,
          );
          await deleteKeysUnder(redis, keys.readModel(target));
          await redis.del(checkpointKey);
          applied = null;
        }
        return {
          projection,
          types: projection.eventTypes && new Set(projection.eventTypes),
          checkpointKey,
          versionKey: keys.version(target),
          version,
          keyPrefix: keys.readModel(target),
          applied,
          pointerGuard: pointer === undefined ? undefined : { key: keys.generation, expected: pointer },
        };
      }),
    );
  }

  private async follow(lease: ProjectionLease, lost: AbortSignal): Promise<void> {
    const targets = await this.targets();
    const from = targets.map((target) => BigInt(target.applied ?? 0)).reduce((a, b) => (a < b ? a : b));
    // Every event moves the checkpoints, also those a projection ignores, so the lag each
    // reports is the number of events it has yet to see.
    const subscription = this.options.store.subscribeToAll({ after: from });
    const stop = () => subscription.close();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    lost.addEventListener('abort', stop, { once: true });
    // Either may have fired before the listeners were added.
    if (this.abort.signal.aborted || lost.aborted) stop();
    // The next batch is read (and its JSON parsed) while the previous one commits: the
    // worker's work and Redis's overlap. Batches still commit one after the other.
    let committing: Promise<void> | undefined;
    try {
      const events = subscription[Symbol.asyncIterator]();
      let next = events.next();
      for (;;) {
        const first = await next;
        if (first.done) break;
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
        for (const event of batch) {
          if (!wanted(targets, event.type)) continue;
          // Parsed (lazily, once) now, while the previous batch commits.
          void event.data;
          void event.metadata;
        }
        await committing;
        committing = this.apply(batch, lease, targets);
        // A failed commit ends the subscription, so the loop stops waiting for events and
        // the failure surfaces at the `await committing` that follows.
        committing.catch(stop);
      }
      await committing;
    } finally {
      this.abort.signal.removeEventListener('abort', stop);
      lost.removeEventListener('abort', stop);
      subscription.close();
    }
  }

  /**
   * Commits the batch and the new checkpoints, provided each stored checkpoint is still the
   * one this worker last wrote (if Redis lost it, the runner starts again from what is
   * stored, rebuilding the read model on its own) and, for a live runner, each active
   * generation is still the one it writes (after a rebuild it moves to the new one).
   * Each projection gets only the events past its own checkpoint.
   */
  private async apply(batch: RecordedEvent[], lease: ProjectionLease, targets: Target[]): Promise<void> {
    const { redis } = this.options;
    const last = batch[batch.length - 1].position;
    const moving = targets.filter((target) => BigInt(target.applied ?? 0) < last);
    if (moving.length === 0) return;
    const guards = moving.flatMap((target) => [
      { key: target.checkpointKey, expected: target.applied },
      ...(target.pointerGuard ? [target.pointerGuard] : []),
    ]);
    const checkpoint = last.toString();
    for (;;) {
      const afterCommit: AfterCommit[] = [];
      const outcome = await lease.commit(guards, async (tx) => {
        await Promise.all(
          moving.map(async ({ projection, types, applied, keyPrefix }) => {
            const after = BigInt(applied ?? 0);
            const wanted = batch.filter(
              (event) => event.position > after && (!types || types.has(event.type)),
            );
            if (wanted.length === 0) return;
            const then = await projection.project(wanted, { redis, tx, keyPrefix });
            if (then) afterCommit.push(then);
          }),
        );
        for (const target of moving) {
          tx.set(target.checkpointKey, checkpoint);
          tx.set(target.versionKey, target.version);
        }
      });
      if (outcome === 'committed') {
        for (const target of moving) target.applied = checkpoint;
        await Promise.all(afterCommit.map((then) => then().catch((error) => this.options.onError?.(error))));
        return;
      }
      const names = moving.map((target) => target.projection.name).join(', ');
      if (outcome === 'lost') throw new RestartFromCheckpoint(`${names}: the lease was lost`);
      if (outcome === 'diverged')
        throw new RestartFromCheckpoint(`${names}: a checkpoint or generation moved`);
    }
  }
}

/** Whether some projection reads events of this type. */
function wanted(targets: readonly Target[], type: string): boolean {
  return targets.some((target) => !target.types || target.types.has(type));
}

function nextTurn(): Promise<typeof NEXT_TURN> {
  return new Promise((resolve) => setImmediate(() => resolve(NEXT_TURN)));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
