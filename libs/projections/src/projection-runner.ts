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
  failureKey: string;
  /** Being rebuilt after this failure: cleared once it has applied the failed batch. */
  failure?: ProjectionFailure;
  completeKey: string;
  /** The read model has caught up since it was started from the first event (readModelComplete). */
  complete: boolean;
  /** A version upgrade: this generation replaces the active `replacing` once caught up. */
  replacing?: { generation: string; keys: ReturnType<typeof projectionKeys> };
  generation: string;
}

/**
 * A batch whose command failed at run time (EXEC applies the others, the checkpoint among
 * them): the generation's read model misses writes. The runner rebuilds it from the first
 * event; when the rebuild fails too (`attempts` 2), it stops the projection until an
 * operator rebuilds it (`npm run projections:rebuild`), which starts a fresh generation.
 */
export interface ProjectionFailure {
  error: string;
  /** The last event of the failed batch. */
  position: string;
  attempts: number;
  /** The read model is being built again from the first event. */
  rebuilding: boolean;
}

/** Where a projection stands, besides its checkpoint. */
export type ProjectionState = 'running' | 'rebuilding' | 'stopped';

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
  private stoppedGuards: CommitGuard[] = [];
  /** The projections' after-commit work of the last committed batch, running beside the next batch. */
  private afterCommits: Promise<unknown> = Promise.resolve();

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

  /** Each projection's state, and the failure behind it when it is not running. */
  async states(): Promise<Map<string, { state: ProjectionState; failure?: ProjectionFailure }>> {
    const { redis, projections } = this.options;
    const keys = await Promise.all(
      projections.map(async (projection) =>
        this.keysOf(projection).failure(await this.generationOf(projection)),
      ),
    );
    const stored = await redis.mget(...keys);
    return new Map(
      projections.map((projection, index) => {
        const failure = stored[index] ? (JSON.parse(stored[index]!) as ProjectionFailure) : undefined;
        // A first failure is rebuilt at the runner's next pass: it is rebuilding from then on.
        const state: ProjectionState = !failure
          ? 'running'
          : failure.rebuilding || failure.attempts < 2
            ? 'rebuilding'
            : 'stopped';
        return [projection.name, failure ? { state, failure } : { state }];
      }),
    );
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
    const head = await this.options.store.headPosition();
    return Promise.all(
      this.options.projections.map(async (projection): Promise<Target> => {
        const keys = this.keysOf(projection);
        const pointer = generation === undefined ? await redis.get(keys.generation) : undefined;
        let target = generation ?? pointer ?? '0';
        const version = String(projection.version ?? 1);
        const read = (at: string) =>
          redis.mget(keys.checkpoint(at), keys.version(at), keys.failure(at), keys.complete(at));
        let [applied, builtBy, failed, complete] = await read(target);
        let replacing: Target['replacing'];
        if (generation === undefined && applied !== null && (builtBy ?? '1') !== version) {
          // Built by another version: its keys may mean something else now. The new version
          // builds in a fresh generation beside it (the active one serves meanwhile) and
          // takes over once caught up, as projections:rebuild does.
          replacing = { generation: target, keys };
          target = await this.upgradeGeneration(projection.name, keys, version);
          this.options.onNotice?.(
            `${projection.name}: read model built by version ${builtBy ?? '1'}; building version ${version} from the first event in generation ${target}, switching to it once caught up`,
          );
          [applied, builtBy, failed, complete] = await read(target);
        }
        let failure = failed ? (JSON.parse(failed) as ProjectionFailure) : undefined;
        if (failure && !failure.rebuilding && failure.attempts < 2) {
          this.options.onNotice?.(
            `${projection.name}: a batch up to position ${failure.position} failed (${failure.error}); rebuilding the read model from the first event`,
          );
          await deleteKeysUnder(redis, keys.readModel(target));
          await redis.del(keys.checkpoint(target), keys.complete(target));
          failure = { ...failure, rebuilding: true };
          await redis.set(keys.failure(target), JSON.stringify(failure));
          [applied, complete] = [null, null];
        }
        if (applied !== null && (builtBy ?? '1') !== version) {
          // A rebuild's own generation, built by another version: start it again.
          this.options.onNotice?.(
            `${projection.name}: generation ${target} built by version ${builtBy ?? '1'}, rebuilding it for version ${version} from the first event`,
          );
          await deleteKeysUnder(redis, keys.readModel(target));
          await redis.del(keys.checkpoint(target), keys.complete(target));
          [applied, complete] = [null, null];
        }
        if (complete !== '1' && applied !== null && BigInt(applied) >= head && !replacing) {
          await redis.set(keys.complete(target), '1');
          complete = '1';
        }
        return {
          projection,
          types: projection.eventTypes && new Set(projection.eventTypes),
          checkpointKey: keys.checkpoint(target),
          versionKey: keys.version(target),
          version,
          keyPrefix: keys.readModel(target),
          applied,
          pointerGuard: pointer === undefined ? undefined : { key: keys.generation, expected: pointer },
          failureKey: keys.failure(target),
          failure,
          completeKey: keys.complete(target),
          complete: complete === '1',
          replacing,
          generation: target,
        };
      }),
    );
  }

  /** The generation a version upgrade builds in: the one under way for this version, or a new one. */
  private async upgradeGeneration(
    name: string,
    keys: ReturnType<typeof projectionKeys>,
    version: string,
  ): Promise<string> {
    const { redis } = this.options;
    const [building, buildingVersion] = (await redis.get(keys.building))?.split(':') ?? [];
    if (building !== undefined && buildingVersion === version) return building;
    if (building !== undefined) {
      this.options.onNotice?.(
        `${name}: dropping generation ${building}, built for version ${buildingVersion}`,
      );
      await this.deleteGeneration(keys, building);
    }
    const fresh = String(await redis.incr(keys.generationCounter));
    await redis.set(keys.building, `${fresh}:${version}`);
    return fresh;
  }

  private async deleteGeneration(keys: ReturnType<typeof projectionKeys>, generation: string): Promise<void> {
    await deleteKeysUnder(this.options.redis, keys.readModel(generation));
    await this.options.redis.unlink(
      keys.checkpoint(generation),
      keys.version(generation),
      keys.complete(generation),
      keys.failure(generation),
    );
  }

  /**
   * After a commit: a generation that reached the store's head is complete; one that a
   * version upgrade built takes over from the active one (the pointer moves under the lease)
   * and the old one is deleted, while the lease is still this worker's.
   */
  private async markCaughtUp(targets: Target[], lease: ProjectionLease, checkpoint: bigint): Promise<void> {
    const behind = targets.filter((target) => !target.complete);
    if (behind.length === 0) return;
    const head = await this.options.store.headPosition();
    for (const target of behind) {
      if (checkpoint < head) continue;
      await this.options.redis.set(target.completeKey, '1');
      target.complete = true;
      const replacing = target.replacing;
      if (!replacing) continue;
      const switched = await lease.commit(target.pointerGuard ? [target.pointerGuard] : [], async (tx) => {
        tx.set(replacing.keys.generation, target.generation);
        tx.del(replacing.keys.building);
      });
      if (switched.outcome !== 'committed') {
        throw new RestartFromCheckpoint(
          `${target.projection.name}: the switch to generation ${target.generation} did not happen`,
        );
      }
      this.options.onNotice?.(
        `${target.projection.name}: generation ${target.generation} (version ${target.version}) caught up and is active; deleting generation ${replacing.generation}`,
      );
      // The old generation is deleted by the lease's holder only (no other worker writes it now).
      if (await lease.renew()) await this.deleteGeneration(replacing.keys, replacing.generation);
      throw new RestartFromCheckpoint(`${target.projection.name}: moved to generation ${target.generation}`);
    }
  }

  private async follow(lease: ProjectionLease, lost: AbortSignal): Promise<void> {
    const all = await this.targets();
    // Stopped after a failed rebuild: not applied, but their generation pointer is watched,
    // so that an operator's rebuild (a new generation) restarts them.
    const stopped = all.filter((target) => target.failure && !target.failure.rebuilding);
    const targets = all.filter((target) => !stopped.includes(target));
    for (const target of stopped) {
      this.options.onError?.(
        new Error(
          `${target.projection.name} is stopped: a batch up to position ${target.failure!.position} failed twice (${target.failure!.error}); run npm run projections:rebuild -- ${target.projection.name} once it is fixed`,
        ),
      );
    }
    this.stoppedGuards = stopped.flatMap((target) => (target.pointerGuard ? [target.pointerGuard] : []));
    if (targets.length === 0) {
      await this.pause(RETRY_DELAY_MS * 5);
      return;
    }
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
      await this.afterCommits;
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
    const guards = [
      ...moving.flatMap((target) => [
        { key: target.checkpointKey, expected: target.applied },
        ...(target.pointerGuard ? [target.pointerGuard] : []),
      ]),
      ...this.stoppedGuards,
    ];
    const checkpoint = last.toString();
    for (;;) {
      const afterCommit: AfterCommit[] = [];
      /** Per moving target, the range of its commands in the MULTI. */
      const ranges: [number, number][] = [];
      const result = await lease.commit(guards, async (tx) => {
        // One projection after the other, so that each one's commands are a range of the
        // MULTI: a command failing at run time is traced to its projection.
        for (const { projection, types, applied, keyPrefix } of moving) {
          const start = tx.length;
          const after = BigInt(applied ?? 0);
          const wanted = batch.filter((event) => event.position > after && (!types || types.has(event.type)));
          if (wanted.length > 0) {
            const then = await projection.project(wanted, { redis, tx, keyPrefix });
            if (then) afterCommit.push(then);
          }
          ranges.push([start, tx.length]);
        }
        for (const target of moving) {
          tx.set(target.checkpointKey, checkpoint);
          tx.set(target.versionKey, target.version);
          if (target.failure && last >= BigInt(target.failure.position)) tx.del(target.failureKey);
        }
      });
      if (result.outcome === 'committed') {
        const failed = moving.filter((_, index) =>
          result.errors.slice(ranges[index][0], ranges[index][1]).some((error) => error !== null),
        );
        const bookkeeping = result.errors.slice(ranges.length > 0 ? ranges[ranges.length - 1][1] : 0);
        const bookkeepingError = bookkeeping.find((error) => error !== null);
        if (bookkeepingError) throw bookkeepingError;
        if (failed.length > 0) {
          await this.recordFailures(failed, ranges, moving, result.errors, checkpoint);
          throw new RestartFromCheckpoint(
            `${failed.map((t) => t.projection.name).join(', ')}: a batch failed`,
          );
        }
        for (const target of moving) {
          target.applied = checkpoint;
          if (target.failure && last >= BigInt(target.failure.position)) target.failure = undefined;
        }
        // Beside the next batch, one batch's worth at a time.
        const previous = this.afterCommits;
        this.afterCommits = previous.then(() =>
          Promise.all(afterCommit.map((then) => then().catch((error) => this.options.onError?.(error)))),
        );
        await previous;
        await this.markCaughtUp(moving, lease, last);
        return;
      }
      const names = moving.map((target) => target.projection.name).join(', ');
      if (result.outcome === 'lost') throw new RestartFromCheckpoint(`${names}: the lease was lost`);
      if (result.outcome === 'diverged')
        throw new RestartFromCheckpoint(`${names}: a checkpoint or generation moved`);
    }
  }

  /**
   * The batch's commands of these projections failed at run time, and their checkpoints moved
   * past it with the rest: their read models miss writes. Records it (a second failure stops
   * the projection), so that the next pass rebuilds them from the first event.
   */
  private async recordFailures(
    failed: Target[],
    ranges: [number, number][],
    moving: Target[],
    errors: (Error | null)[],
    checkpoint: string,
  ): Promise<void> {
    for (const target of failed) {
      const [start, end] = ranges[moving.indexOf(target)];
      const error = errors.slice(start, end).find((candidate) => candidate !== null)!;
      const failure: ProjectionFailure = {
        error: error.message,
        position: checkpoint,
        attempts: (target.failure?.attempts ?? 0) + 1,
        rebuilding: false,
      };
      this.options.onError?.(
        new Error(
          `${target.projection.name}: a command of the batch up to position ${checkpoint} failed (${error.message}); its read model misses writes and is ${failure.attempts < 2 ? 'rebuilt' : 'stopped'}`,
        ),
      );
      await this.options.redis.set(target.failureKey, JSON.stringify(failure));
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
