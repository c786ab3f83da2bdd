import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  readStoreIdentity,
  verifyMark,
  type EventStore,
  type RecordedEvent,
  type StoreIdentity,
} from '@cl/event-store';
import { deleteKeysUnder, RecoveryBoard } from '@cl/redis';
import type { AfterCommit, Projection } from './projection';
import { generationKeys, projectionKeys } from './projection-keys';
import { ProjectionLease, type CommitGuard } from './projection-lease';

// Larger batches cost fewer round trips per event; a batch holds Redis for ~10 ms at most.
const MAX_BATCH = 2000;
const RETRY_DELAY_MS = 1000;
/** A projection this many events behind the others follows on its own subscription (ProjectionRunner.groups). */
const GROUP_LAG = 10_000;
/** Back-off of a projection whose `project()` throws: 1 s, doubling, at most 5 min. */
const FAILING_FIRST_DELAY_MS = 1000;
const FAILING_MAX_DELAY_MS = 5 * 60_000;
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
  /**
   * A projection at least this many events behind the most advanced one follows on a
   * subscription of its own until it has caught up (default 10,000).
   */
  groupLagEvents?: number;
  /** How long the lease outlives a holder that stopped renewing it. Default 10 s. */
  leaseMs?: number;
  onError?: (error: unknown) => void;
  /** Told what an operator should know, e.g. that a read model is rebuilt for a new version. */
  onNotice?: (message: string) => void;
}

/** Stops following; the runner then starts again from the stored checkpoints. */
class RestartFromCheckpoint extends Error {}

/** `project()` of this target threw: the batch was not committed. */
class ProjectFailed extends Error {
  constructor(
    readonly target: Target,
    readonly error: unknown,
  ) {
    super(`${target.projection.name}: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** The delay before the `attempts`-th retry of a failing projection. */
export function failingBackOffMs(attempts: number): number {
  return Math.min(FAILING_FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), FAILING_MAX_DELAY_MS);
}

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
  failingKey: string;
  /** `project()` threw on the event at its position: retried with back-off. */
  failing?: ProjectionFailing;
  /** Not fed until the next pass (failing, waiting for its retry). */
  halted: boolean;
  storeKey: string;
  storeId: string;
  leaseKey: string;
}

/**
 * `project()` threw on an event (a Redis read error, an event it cannot handle): the
 * projection's checkpoint stays just before that event, which is retried with back-off
 * (FAILING_FIRST_DELAY_MS doubling to FAILING_MAX_DELAY_MS), never skipped.
 */
export interface ProjectionFailing {
  error: string;
  /** The event `project()` threw on. */
  position: string;
  attempts: number;
  /** ISO time of the first failure at this position. */
  since: string;
  /** ISO time of the next attempt. */
  retryAt: string;
}

/**
 * A batch whose command failed at run time (EXEC applies the others, the checkpoint among
 * them): the generation's read model misses writes. The runner rebuilds it from the first
 * event at once; when the rebuild fails too (`attempts` 2 and more), the projection is
 * `failing` and rebuilt again with back-off (failingBackOffMs: 1 s doubling to 5 min), never
 * given up; `npm run projections:rebuild` starts a fresh generation at once.
 */
export interface ProjectionFailure {
  error: string;
  /** The last event of the failed batch. */
  position: string;
  attempts: number;
  /** The read model is being built again from the first event. */
  rebuilding: boolean;
  /** ISO time the next rebuild is due (absent: at once). */
  retryAt?: string;
}

/** Whether the rebuild after a failed batch is due now. */
function rebuildDue(failure: ProjectionFailure): boolean {
  return failure.attempts < 2 || failure.retryAt === undefined || Date.parse(failure.retryAt) <= Date.now();
}

/**
 * Where a projection stands, besides its checkpoint: `failing` while `project()` throws on an
 * event (retried with back-off), `superseded` when a newer version of it runs elsewhere (this
 * runner leaves it alone).
 */
export type ProjectionState = 'running' | 'rebuilding' | 'failing' | 'superseded';

export interface ProjectionStateReport {
  state: ProjectionState;
  failure?: ProjectionFailure;
  failing?: ProjectionFailing;
}

/** A projection this runner leaves alone: a newer version of it built or builds the read model. */
interface Superseded {
  projection: Projection;
  superseded: string;
  leaseKey: string;
}

/**
 * Runs projections in one worker at a time (a lease in Redis per projection; another worker
 * takes over when the holder dies). One subscription, from the lowest of their checkpoints,
 * feeds them all: it gathers the events that are ready into a batch, and each batch's
 * read-model writes and the new checkpoints are applied in one MULTI/EXEC. On a failure it
 * starts again from the checkpoints, which never moved past an unapplied event. A live runner
 * follows the active generation of each read model and moves to a new one when a rebuild
 * switches to it. The service runs one runner per projection, so that a rebuild or a failure
 * of one holds back none of the others.
 *
 * An exception in `project()` is a failure of that projection alone: the batch is applied
 * again one event at a time (the events before the culprit are committed), its checkpoint
 * stays before the event it throws on, it reports `failing` (position, error) and is retried
 * with back-off; the other projections of the runner go on. A projection whose read model
 * was built (or is being built) by a newer version is `superseded`: the runner gives up its
 * lease and touches nothing of it. A checkpoint of another store's history (another storeId,
 * or beyond the store's head) makes the runner rebuild that read model in a fresh generation,
 * marked on the RecoveryBoard until it has caught up.
 */
export class ProjectionRunner {
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private stoppedGuards: CommitGuard[] = [];
  /** The projections' after-commit work of the last committed batch, running beside the next batch. */
  private afterCommits: Promise<unknown> = Promise.resolve();
  /** Projections this runner gave up (name -> why): a newer version runs them. */
  private readonly superseded = new Map<string, string>();
  private readonly board: RecoveryBoard;
  /** Ends the current pass after `afterMs` (a failing projection's retry is due then). */
  private restartPass?: (afterMs: number) => void;

  constructor(private readonly options: ProjectionRunnerOptions) {
    if (options.projections.length === 0) throw new Error('A ProjectionRunner needs a projection');
    this.board = new RecoveryBoard(options.redis, options.redisPrefix);
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
  async states(): Promise<Map<string, ProjectionStateReport>> {
    const { redis, projections, generation: ownGeneration } = this.options;
    const stored = await Promise.all(
      projections.map(async (projection) => {
        const keys = this.keysOf(projection);
        const generation = await this.generationOf(projection);
        return redis.mget(
          keys.failure(generation),
          keys.failing(generation),
          keys.version(generation),
          keys.building,
        );
      }),
    );
    return new Map(
      projections.map((projection, index): [string, ProjectionStateReport] => {
        const [failed, failingJson, builtBy, building] = stored[index];
        if (
          this.superseded.has(projection.name) ||
          (ownGeneration === undefined && newerVersion(projection, builtBy, building) !== undefined)
        ) {
          return [projection.name, { state: 'superseded' }];
        }
        const failure = failed ? (JSON.parse(failed) as ProjectionFailure) : undefined;
        if (failure) {
          // A first failure is rebuilt at the runner's next pass: it is rebuilding from then on;
          // a failed rebuild waits for its back-off, failing.
          const state = failure.rebuilding || failure.attempts < 2 ? 'rebuilding' : 'failing';
          return [projection.name, { state, failure }];
        }
        if (failingJson) {
          return [
            projection.name,
            { state: 'failing', failing: JSON.parse(failingJson) as ProjectionFailing },
          ];
        }
        return [projection.name, { state: 'running' }];
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
      // Ends when every projection is superseded (its lease keys given up).
      while (!this.abort.signal.aborted && lease.keys.length > 0) {
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
        // Redis is back after an error or a restart: start again from what is stored there,
        // checked against the store (it may have lost the keys, or hold another history's).
        const reconnected = () => lost.abort();
        this.options.redis.on('ready', reconnected);
        try {
          await this.follow(lease, lost.signal);
        } catch (error) {
          if (this.abort.signal.aborted || error instanceof RestartFromCheckpoint) continue;
          this.options.onError?.(error);
          await this.pause(RETRY_DELAY_MS);
        } finally {
          clearInterval(renewal);
          this.options.redis.off('ready', reconnected);
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

  /** Waits until `signal` fires, or the runner is stopped. */
  private until(signal: AbortSignal): Promise<void> {
    const stopped = this.abort.signal;
    return new Promise((resolve) => {
      if (signal.aborted || stopped.aborted) return resolve();
      const done = () => {
        signal.removeEventListener('abort', done);
        stopped.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      stopped.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Reads, for each projection, the generation it writes and its checkpoint there; leaves out
   * (reports) those a newer version runs, and replaces a read model of another history.
   */
  private async targets(lease: ProjectionLease): Promise<(Target | Superseded)[]> {
    const { redis, generation } = this.options;
    const identity = await readStoreIdentity(this.options.store);
    const head = identity.head;
    const live = generation === undefined;
    return Promise.all(
      this.options.projections.map(async (projection): Promise<Target | Superseded> => {
        const keys = this.keysOf(projection);
        const leaseKey = keys.lease(generation);
        const pointer = live ? await redis.get(keys.generation) : undefined;
        let target = generation ?? pointer ?? '0';
        const version = String(projection.version ?? 1);
        const read = (at: string) =>
          redis.mget(
            keys.checkpoint(at),
            keys.version(at),
            keys.failure(at),
            keys.complete(at),
            keys.store(at),
            keys.failing(at),
          );
        let [applied, builtBy, failed, complete, storeId, failingJson] = await read(target);
        let pointerGuard: CommitGuard | undefined =
          pointer === undefined ? undefined : { key: keys.generation, expected: pointer };
        if (live) {
          const newer = newerVersion(projection, builtBy, await redis.get(keys.building));
          if (newer !== undefined) return { projection, superseded: newer, leaseKey };
          // The active read model must follow this store's history, or it stops serving.
          const foreign = await this.foreign(applied, storeId, identity);
          if (foreign !== undefined) {
            target = await this.replaceForeign(projection, keys, target, pointer ?? null, foreign, lease);
            pointerGuard = { key: keys.generation, expected: target };
            [applied, builtBy, failed, complete, storeId, failingJson] = await read(target);
          }
        }
        let replacing: Target['replacing'];
        if (live && applied !== null && (builtBy ?? '1') !== version) {
          // Built by an older version: its keys may mean something else now. The new version
          // builds in a fresh generation beside it (the active one serves meanwhile) and
          // takes over once caught up, as projections:rebuild does.
          replacing = { generation: target, keys };
          target = await this.upgradeGeneration(projection.name, keys, version);
          this.options.onNotice?.(
            `${projection.name}: read model built by version ${builtBy ?? '1'}; building version ${version} from the first event in generation ${target}, switching to it once caught up`,
          );
          [applied, builtBy, failed, complete, storeId, failingJson] = await read(target);
        }
        if (!live || replacing) {
          // A generation built beside the active one: of another history, it starts again.
          const foreign = await this.foreign(applied, storeId, identity);
          if (foreign !== undefined) {
            this.options.onNotice?.(
              `${projection.name}: generation ${target} ${foreign}; building it again from the first event`,
            );
            await this.clearGeneration(keys, target);
            [applied, builtBy, failed, complete, storeId, failingJson] = [null, null, null, null, null, null];
          }
        }
        if (applied !== null && storeId === null) {
          // Written before stores had an identity, and not beyond the head: this store's.
          await redis.set(keys.store(target), identity.storeId);
        }
        let failure = failed ? (JSON.parse(failed) as ProjectionFailure) : undefined;
        if (failure?.rebuilding && applied !== null && BigInt(applied) >= BigInt(failure.position)) {
          // The rebuild applied the failed batch; the process stopped before it cleared the record.
          await redis.del(keys.failure(target));
          failure = undefined;
        }
        if (failure && !failure.rebuilding && rebuildDue(failure)) {
          this.options.onNotice?.(
            `${projection.name}: a batch up to position ${failure.position} failed (${failure.error}); rebuilding the read model from the first event`,
          );
          await deleteKeysUnder(redis, keys.readModel(target));
          await redis.del(keys.checkpoint(target), keys.complete(target), keys.failing(target));
          failure = { ...failure, rebuilding: true };
          await redis.set(keys.failure(target), JSON.stringify(failure));
          [applied, complete, failingJson] = [null, null, null];
        }
        if (applied !== null && (builtBy ?? '1') !== version) {
          // A rebuild's own generation, built by another version: start it again.
          this.options.onNotice?.(
            `${projection.name}: generation ${target} built by version ${builtBy ?? '1'}, rebuilding it for version ${version} from the first event`,
          );
          await this.clearGeneration(keys, target);
          [applied, complete, failingJson] = [null, null, null];
        }
        if (complete !== '1' && applied !== null && BigInt(applied) >= head && !replacing) {
          await redis.set(keys.complete(target), '1');
          complete = '1';
        }
        if (live && complete === '1' && !replacing) await this.board.end(`projection:${projection.name}`);
        return {
          projection,
          types: projection.eventTypes && new Set(projection.eventTypes),
          checkpointKey: keys.checkpoint(target),
          versionKey: keys.version(target),
          version,
          keyPrefix: keys.readModel(target),
          applied,
          pointerGuard,
          failureKey: keys.failure(target),
          failure,
          completeKey: keys.complete(target),
          complete: complete === '1',
          replacing,
          generation: target,
          failingKey: keys.failing(target),
          failing: failingJson ? (JSON.parse(failingJson) as ProjectionFailing) : undefined,
          halted: false,
          storeKey: keys.store(target),
          storeId: identity.storeId,
          leaseKey,
        };
      }),
    );
  }

  /** Why a generation's checkpoint does not follow this store's history (undefined: it does). */
  private async foreign(
    applied: string | null,
    storeMark: string | null,
    identity: StoreIdentity,
  ): Promise<string | undefined> {
    if (applied === null) return undefined;
    const mark = { ...parseStoreMark(storeMark), position: BigInt(applied) };
    const verdict = await verifyMark(mark, identity, this.options.store);
    return verdict.follows ? undefined : `was ${verdict.reason}`;
  }

  /**
   * The active read model belongs to another history: it stops serving at once (the pointer
   * moves to a fresh, empty generation, which is built from the first event; a query finds
   * the read model partial meanwhile, never a foreign one), and is deleted. The RecoveryBoard
   * says so until the new one has caught up.
   */
  private async replaceForeign(
    projection: Projection,
    keys: ReturnType<typeof projectionKeys>,
    active: string,
    pointer: string | null,
    reason: string,
    lease: ProjectionLease,
  ): Promise<string> {
    const { redis } = this.options;
    const { name } = projection;
    const fresh = String(await redis.incr(keys.generationCounter));
    const building = (await redis.get(keys.building))?.split(':')[0];
    await this.board.begin(
      `projection:${name}`,
      `${name}: its read model ${reason}; rebuilding it from the first event in generation ${fresh}`,
    );
    const switched = await lease.commit([{ key: keys.generation, expected: pointer }], async (tx) => {
      tx.set(keys.generation, fresh);
      tx.del(keys.building);
    });
    if (switched.outcome !== 'committed') {
      throw new RestartFromCheckpoint(`${name}: the switch to generation ${fresh} did not happen`);
    }
    this.options.onNotice?.(
      `${name}: the read model of generation ${active} ${reason}; it no longer serves, rebuilding from the first event in generation ${fresh}`,
    );
    await this.deleteGeneration(keys, active);
    if (building !== undefined && building !== fresh) await this.deleteGeneration(keys, building);
    return fresh;
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
      // An older version's (a newer one's makes this runner superseded before it gets here).
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
    await this.options.redis.unlink(...generationKeys(keys, generation));
  }

  /** Empties a generation in place (its read model and checkpoint), to build it from the first event. */
  private async clearGeneration(keys: ReturnType<typeof projectionKeys>, generation: string): Promise<void> {
    await deleteKeysUnder(this.options.redis, keys.readModel(generation));
    await this.options.redis.del(
      keys.checkpoint(generation),
      keys.complete(generation),
      keys.store(generation),
      keys.failing(generation),
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
      if (!replacing) {
        if (this.options.generation === undefined) {
          await this.board.end(`projection:${target.projection.name}`);
        }
        continue;
      }
      const switched = await lease.commit(
        [
          ...(target.pointerGuard ? [target.pointerGuard] : []),
          // Still the upgrade under way for this version (versions only move forward).
          { key: replacing.keys.building, expected: `${target.generation}:${target.version}` },
        ],
        async (tx) => {
          tx.set(replacing.keys.generation, target.generation);
          tx.del(replacing.keys.building);
        },
      );
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
    const planned = await this.targets(lease);
    for (const entry of planned) {
      if (!('superseded' in entry)) continue;
      const { projection, superseded, leaseKey } = entry;
      this.superseded.set(projection.name, superseded);
      this.options.onNotice?.(
        `${projection.name}: superseded, ${superseded}; this runner (version ${projection.version ?? 1}) stops it and touches nothing of it`,
      );
      await lease.drop(leaseKey);
    }
    const all = planned.filter((entry): entry is Target => !('superseded' in entry));
    if (all.length === 0) return;
    // Waiting for the next rebuild after a failed one: not applied, but their generation pointer
    // is watched, so that an operator's rebuild (a new generation) restarts them at once.
    const stopped = all.filter((target) => target.failure && !target.failure.rebuilding);
    const targets = all.filter((target) => !stopped.includes(target));
    for (const target of stopped) {
      const { position, attempts, error, retryAt } = target.failure!;
      this.options.onError?.(
        new Error(
          `${target.projection.name} is failing: a batch up to position ${position} failed ${attempts} times (${error}); rebuilt again from the first event at ${retryAt ?? 'once'} (never given up; npm run projections:rebuild -- ${target.projection.name} starts one at once)`,
        ),
      );
    }
    this.stoppedGuards = stopped.flatMap((target) => (target.pointerGuard ? [target.pointerGuard] : []));
    const rebuildInMs = Math.max(
      0,
      Math.min(...stopped.map((target) => Date.parse(target.failure!.retryAt ?? '') || 0)) - Date.now(),
    );
    if (targets.length === 0) {
      await this.pause(Math.min(rebuildInMs, RETRY_DELAY_MS * 5));
      return;
    }
    // The pass ends when a failing projection's retry is due: the next one starts from its checkpoint.
    const retry = new AbortController();
    let retryTimer: NodeJS.Timeout | undefined;
    let retryAt = Infinity;
    this.restartPass = (afterMs) => {
      if (Date.now() + afterMs >= retryAt) return;
      retryAt = Date.now() + afterMs;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => retry.abort(), afterMs);
    };
    // A failed rebuild's next one is due: the pass ends then, and the next starts it.
    if (stopped.length > 0) this.restartPass(rebuildInMs);
    const now = Date.now();
    for (const target of targets) {
      const wait = target.failing ? Date.parse(target.failing.retryAt) - now : 0;
      if (wait > 0) {
        // Back-off also across restarts and workers: not before its retry is due.
        target.halted = true;
        this.restartPass(wait);
      }
    }
    const allHalted = () => targets.every((target) => target.halted);
    const siblings: ProjectionLease[] = [];
    try {
      if (allHalted()) {
        await this.until(retry.signal);
        return;
      }
      const groups = await this.groups(targets.filter((target) => !target.halted));
      // A group that fails ends the others (the runner starts again from the checkpoints).
      const pass = new AbortController();
      for (const signal of [retry.signal, lost]) {
        signal.addEventListener('abort', () => pass.abort(), { once: true });
        if (signal.aborted) pass.abort();
      }
      const leaders = groups[0];
      const lowest = (group: Target[]) =>
        group.map((target) => BigInt(target.applied ?? 0)).reduce((a, b) => (a < b ? a : b));
      const runs = groups.map(async (group, index) => {
        const own = index === 0 ? lease : await lease.sibling();
        if (own !== lease) siblings.push(own);
        await this.followFrom(
          group,
          own,
          pass.signal,
          // Once a group behind has caught up with the leaders, the next pass feeds them together.
          index === 0 ? undefined : () => lowest(group) >= lowest(leaders) && pass.abort(),
        ).catch((error: unknown) => {
          pass.abort();
          throw error;
        });
      });
      const outcomes = await Promise.allSettled(runs);
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      if (allHalted() && !this.abort.signal.aborted && !lost.aborted) await this.until(retry.signal);
    } finally {
      clearTimeout(retryTimer);
      this.restartPass = undefined;
      for (const sibling of siblings) sibling.disconnect();
    }
  }

  /**
   * Splits the targets into groups, each fed by a subscription of its own: the targets close
   * to the most advanced one (within GROUP_LAG events) share one, the leaders, first; each one
   * further behind (rebuilding from the first event, back from a failure, added later) follows
   * on its own, so that it holds back none of the others.
   */
  private async groups(targets: Target[]): Promise<Target[][]> {
    if (targets.length === 1) return [targets];
    const position = (target: Target) => BigInt(target.applied ?? 0);
    const lead = targets.map(position).reduce((a, b) => (a > b ? a : b));
    const limit = this.options.groupLagEvents ?? GROUP_LAG;
    const behind = await Promise.all(
      targets.map(async (target) =>
        position(target) < lead
          ? (await this.options.store.countEvents(position(target), lead, limit)) >= limit
          : false,
      ),
    );
    const leaders = targets.filter((_, index) => !behind[index]);
    return [leaders, ...targets.filter((_, index) => behind[index]).map((target) => [target])];
  }

  /**
   * Feeds the targets that are not halted from the lowest of their checkpoints, until `pass`
   * ends, every one of them is halted (failing), or `caughtUp` says so after a batch.
   */
  private async followFrom(
    targets: Target[],
    lease: ProjectionLease,
    pass: AbortSignal,
    caughtUp?: () => unknown,
  ): Promise<void> {
    const allHalted = () => targets.every((target) => target.halted);
    const from = targets
      .filter((target) => !target.halted)
      .map((target) => BigInt(target.applied ?? 0))
      .reduce((a, b) => (a < b ? a : b));
    // Every event moves the checkpoints, also those a projection ignores, so the lag each
    // reports is the number of events it has yet to see.
    const subscription = this.options.store.subscribeToAll({ after: from });
    const stop = () => subscription.close();
    const signals = [this.abort.signal, pass];
    for (const signal of signals) signal.addEventListener('abort', stop, { once: true });
    // One may have fired before the listeners were added.
    if (signals.some((signal) => signal.aborted)) stop();
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
        committing = this.apply(batch, lease, targets).then(() => {
          // Every projection is failing: nothing to feed until a retry is due.
          if (allHalted()) stop();
          caughtUp?.();
        });
        // A failed commit ends the subscription, so the loop stops waiting for events and
        // the failure surfaces at the `await committing` that follows.
        committing.catch(stop);
      }
      await committing;
    } finally {
      await this.afterCommits;
      for (const signal of signals) signal.removeEventListener('abort', stop);
      subscription.close();
    }
  }

  /**
   * Applies the batch to the targets that are not halted. When a projection's `project()`
   * throws, the batch is applied again one event at a time, so that the events before the
   * culprit are committed; on that event the projection is recorded failing and halted, and
   * the others apply it without it.
   */
  private async apply(batch: RecordedEvent[], lease: ProjectionLease, targets: Target[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    const moving = targets.filter((target) => !target.halted && BigInt(target.applied ?? 0) < last);
    if (moving.length === 0) return;
    const culprit = moving.find(
      (target) =>
        target.failing !== undefined &&
        batch.length > 1 &&
        batch.some((event) => event.position === BigInt(target.failing!.position)),
    );
    if (culprit) {
      // A retry: the event it failed at goes alone, so that it alone is attempted again.
      const at = BigInt(culprit.failing!.position);
      for (const part of [
        batch.filter((event) => event.position < at),
        batch.filter((event) => event.position === at),
        batch.filter((event) => event.position > at),
      ]) {
        if (part.length > 0) await this.apply(part, lease, targets);
      }
      return;
    }
    try {
      await this.commit(batch, lease, moving);
    } catch (error) {
      if (!(error instanceof ProjectFailed)) throw error;
      if (batch.length > 1) {
        for (const event of batch) await this.apply([event], lease, targets);
        return;
      }
      await this.recordFailing(error.target, batch[0], error.error, lease);
      error.target.halted = true;
      await this.apply(batch, lease, targets);
    }
  }

  /**
   * Commits the batch and the new checkpoints, provided each stored checkpoint is still the
   * one this worker last wrote (if Redis lost it, the runner starts again from what is
   * stored, rebuilding the read model on its own) and, for a live runner, each active
   * generation is still the one it writes (after a rebuild it moves to the new one).
   * Each projection gets only the events past its own checkpoint.
   */
  private async commit(batch: RecordedEvent[], lease: ProjectionLease, moving: Target[]): Promise<void> {
    const { redis } = this.options;
    const lastEvent = batch[batch.length - 1];
    const last = lastEvent.position;
    const guards = [
      ...moving.flatMap((target) => [
        { key: target.checkpointKey, expected: target.applied },
        ...(target.pointerGuard ? [target.pointerGuard] : []),
      ]),
      ...this.stoppedGuards,
    ];
    const checkpoint = last.toString();
    const passed = (target: Target) =>
      target.failing !== undefined && last >= BigInt(target.failing.position);
    for (;;) {
      /** Per projection that left work for after the commit, its index among `moving`. */
      const afterCommit: [number, AfterCommit][] = [];
      /** Per moving target, the range of its commands in the MULTI. */
      const ranges: [number, number][] = [];
      const result = await lease.commit(guards, async (tx) => {
        // One projection after the other, so that each one's commands are a range of the
        // MULTI: a command failing at run time is traced to its projection. Counted from
        // here: the queue's length counts the MULTI itself, which EXEC's replies do not.
        const before = tx.length;
        const queued = () => tx.length - before;
        for (const [index, target] of moving.entries()) {
          const { projection, types, applied, keyPrefix } = target;
          const start = queued();
          const after = BigInt(applied ?? 0);
          const wanted = batch.filter((event) => event.position > after && (!types || types.has(event.type)));
          if (wanted.length > 0) {
            let then: void | AfterCommit;
            try {
              then = await projection.project(wanted, { redis, tx, keyPrefix });
            } catch (error) {
              throw new ProjectFailed(target, error);
            }
            if (then) afterCommit.push([index, then]);
          }
          ranges.push([start, queued()]);
        }
        for (const target of moving) {
          tx.set(target.checkpointKey, checkpoint);
          tx.set(target.versionKey, target.version);
          tx.set(target.storeKey, formatStoreMark(target.storeId, lastEvent.id));
          if (passed(target)) tx.del(target.failingKey);
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
        // The failure is cleared only once the batch that passed it is known to have applied
        // every command: deleting it inside the MULTI would show `running` (and, after a crash
        // before recordFailures, forget the failure) when the rebuild fails at the same place.
        const recovered = moving.filter(
          (target) => target.failure && last >= BigInt(target.failure.position),
        );
        if (recovered.length > 0) await redis.del(...recovered.map((target) => target.failureKey));
        for (const target of moving) {
          target.applied = checkpoint;
          if (recovered.includes(target)) target.failure = undefined;
          if (passed(target)) {
            this.options.onNotice?.(
              `${target.projection.name}: the event at position ${target.failing!.position} is applied after ${target.failing!.attempts} failed attempt(s); running again`,
            );
            target.failing = undefined;
          }
        }
        // Beside the next batch, one batch's worth at a time.
        const previous = this.afterCommits;
        this.afterCommits = previous.then(() =>
          Promise.all(
            afterCommit.map(([index, then]) =>
              then(result.replies.slice(ranges[index][0], ranges[index][1])).catch((error) =>
                this.options.onError?.(error),
              ),
            ),
          ),
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
   * `project()` of the target threw on this event: records it failing there (its checkpoint
   * stays before it), with the delay before the next attempt.
   */
  private async recordFailing(
    target: Target,
    event: RecordedEvent,
    error: unknown,
    lease: ProjectionLease,
  ): Promise<void> {
    const position = event.position.toString();
    const previous = target.failing?.position === position ? target.failing : undefined;
    const attempts = (previous?.attempts ?? 0) + 1;
    const delayMs = failingBackOffMs(attempts);
    const now = Date.now();
    const message = error instanceof Error ? error.message : String(error);
    const failing: ProjectionFailing = {
      error: message,
      position,
      attempts,
      since: previous?.since ?? new Date(now).toISOString(),
      retryAt: new Date(now + delayMs).toISOString(),
    };
    let recorded;
    do {
      recorded = await lease.commit([], async (tx) => {
        tx.set(target.failingKey, JSON.stringify(failing));
      });
    } while (recorded.outcome === 'retry');
    if (recorded.outcome === 'lost') {
      throw new RestartFromCheckpoint(`${target.projection.name}: the lease was lost`);
    }
    target.failing = failing;
    this.options.onError?.(
      new Error(
        `${target.projection.name}: projecting the event at position ${position} (${event.type}) failed: ${message}; attempt ${attempts}, retried in ${delayMs / 1000} s (never skipped; the other projections go on)`,
      ),
    );
    this.restartPass?.(delayMs);
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
      const attempts = (target.failure?.attempts ?? 0) + 1;
      const delayMs = attempts < 2 ? 0 : failingBackOffMs(attempts - 1);
      const failure: ProjectionFailure = {
        error: error.message,
        position: checkpoint,
        attempts,
        rebuilding: false,
        retryAt: new Date(Date.now() + delayMs).toISOString(),
      };
      this.options.onError?.(
        new Error(
          `${target.projection.name}: a command of the batch up to position ${checkpoint} failed (${error.message}); its read model misses writes and is rebuilt from the first event ${delayMs === 0 ? 'at once' : `in ${delayMs / 1000} s (failing)`}`,
        ),
      );
      await this.options.redis.set(target.failureKey, JSON.stringify(failure));
    }
  }
}

/**
 * Why a newer version of the projection than this one owns its read model (undefined: none
 * does): the active generation was built by it, or it is building a generation to replace it.
 */
export function newerVersion(
  projection: Projection,
  activeBuiltBy: string | null,
  building: string | null,
): string | undefined {
  const own = projection.version ?? 1;
  const active = Number(activeBuiltBy ?? 1);
  if (active > own) return `the active read model was built by version ${active}`;
  const buildingVersion = Number(building?.split(':')[1] ?? 0);
  if (buildingVersion > own) return `version ${buildingVersion} is building its read model`;
  return undefined;
}

/** Whether some projection reads events of this type. */
function wanted(targets: readonly Target[], type: string): boolean {
  return targets.some((target) => !target.halted && (!target.types || target.types.has(type)));
}

function nextTurn(): Promise<typeof NEXT_TURN> {
  return new Promise((resolve) => setImmediate(() => resolve(NEXT_TURN)));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A generation's store key: the storeId of the history its checkpoint follows and the id of
 * the event at the checkpoint (`<storeId> <eventId>`; a bare storeId before events were
 * recorded there), so that a copy of the store put back by hand is told apart even once its
 * head has passed the checkpoint (verifyMark).
 */
function formatStoreMark(storeId: string, eventId: string): string {
  return `${storeId} ${eventId}`;
}

function parseStoreMark(value: string | null): { storeId: string | undefined; eventId?: string } {
  if (value === null) return { storeId: undefined };
  const [storeId, eventId] = value.split(' ');
  return eventId === undefined ? { storeId } : { storeId, eventId };
}
