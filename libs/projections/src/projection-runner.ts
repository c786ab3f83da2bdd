import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { readyBatches, type EventStore, type RecordedEvent } from '@cl/event-store';
import { RecoveryBoard } from '@cl/redis';
import { formatStoreMark, GenerationLifecycle, newerVersion, type Target } from './generation-lifecycle';
import type { AfterCommit, Projection } from './projection';
import { RestartFromCheckpoint } from './projection-errors';
import {
  recordFailing,
  recordFailures,
  type ProjectionFailing,
  type ProjectionFailure,
} from './projection-failures';
import { ProjectionLease, type CommitGuard } from './projection-lease';

// Larger batches cost fewer round trips per event; a batch holds Redis for ~10 ms at most.
const MAX_BATCH = 2000;
const RETRY_DELAY_MS = 1000;
/** A projection this many events behind the others follows on its own subscription (ProjectionRunner.groups). */
const GROUP_LAG = 10_000;

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

/** `project()` of this target threw: the batch was not committed. */
class ProjectFailed extends Error {
  constructor(
    readonly target: Target,
    readonly error: unknown,
  ) {
    super(`${target.projection.name}: ${(error as Error)?.message ?? String(error)}`);
  }
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
 *
 * The runner holds the lease loop, the passes, the batching and the atomic commit; which
 * generation each projection writes and the moves between generations are the
 * GenerationLifecycle's (generation-lifecycle.ts), the failure records projection-failures.ts's.
 */
export class ProjectionRunner {
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private stoppedGuards: CommitGuard[] = [];
  /** The projections' after-commit work of the last committed batch, running beside the next batch. */
  private afterCommits: Promise<unknown> = Promise.resolve();
  /** Projections this runner gave up (name -> why): a newer version runs them. */
  private readonly superseded = new Map<string, string>();
  /** Which generation each projection writes, and the moves between generations. */
  private readonly generations: GenerationLifecycle;
  /** Ends the current pass after `afterMs` (a failing projection's retry is due then). */
  private restartPass?: (afterMs: number) => void;

  constructor(private readonly options: ProjectionRunnerOptions) {
    if (options.projections.length === 0) throw new Error('A ProjectionRunner needs a projection');
    this.generations = new GenerationLifecycle(
      options,
      new RecoveryBoard(options.redis, options.redisPrefix),
    );
  }

  get names(): string[] {
    return this.options.projections.map((projection) => projection.name);
  }

  get leaseKeys(): string[] {
    return this.options.projections.map((projection) =>
      this.generations.keysOf(projection).lease(this.options.generation),
    );
  }

  /** The position of the last event each projection applied to its generation, 0n before the first. */
  async checkpoints(): Promise<Map<string, bigint>> {
    const { redis, projections } = this.options;
    const keys = await Promise.all(
      projections.map(async (projection) =>
        this.generations.keysOf(projection).checkpoint(await this.generations.generationOf(projection)),
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
        const keys = this.generations.keysOf(projection);
        const generation = await this.generations.generationOf(projection);
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
    const stopped = this.abort.signal;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      stopped.addEventListener('abort', done, { once: true });
      // The listener goes with the pause: a runner waiting for its lease again and again
      // would otherwise pile them up on its one signal.
      function done() {
        clearTimeout(timer);
        stopped.removeEventListener('abort', done);
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

  private async follow(lease: ProjectionLease, lost: AbortSignal): Promise<void> {
    const planned = await this.generations.targets(lease);
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
      // readyBatches gathers the next batch while this one commits (it asks for the next
      // batch's first event before handing this one over).
      for await (const batch of readyBatches(subscription, MAX_BATCH)) {
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
      const delayMs = await recordFailing(error.target, batch[0], error.error, lease, this.options.onError);
      this.restartPass?.(delayMs);
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
    // A full batch: the reader stopped at MAX_BATCH with more events ready behind it.
    const catchingUp = batch.length >= MAX_BATCH;
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
              then = await projection.project(wanted, { redis, tx, keyPrefix, catchingUp });
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
          await recordFailures(
            this.options.redis,
            failed,
            ranges,
            moving,
            result.errors,
            checkpoint,
            this.options.onError,
          );
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
        await this.generations.markCaughtUp(moving, lease, last);
        return;
      }
      const names = moving.map((target) => target.projection.name).join(', ');
      if (result.outcome === 'lost') throw new RestartFromCheckpoint(`${names}: the lease was lost`);
      if (result.outcome === 'diverged')
        throw new RestartFromCheckpoint(`${names}: a checkpoint or generation moved`);
    }
  }
}

/** Whether some projection reads events of this type. */
function wanted(targets: readonly Target[], type: string): boolean {
  return targets.some((target) => !target.halted && (!target.types || target.types.has(type)));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
