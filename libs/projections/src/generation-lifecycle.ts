import type { Redis } from 'ioredis';
import { readStoreIdentity, verifyMark, type EventStore, type StoreIdentity } from '@cl/event-store';
import { deleteKeysUnder, type RecoveryBoard } from '@cl/redis';
import type { Projection } from './projection';
import { RestartFromCheckpoint } from './projection-errors';
import {
  rebuildDue,
  type FailureTarget,
  type ProjectionFailing,
  type ProjectionFailure,
} from './projection-failures';
import { generationKeys, projectionKeys } from './projection-keys';
import type { CommitGuard, ProjectionLease } from './projection-lease';

/** What the generation lifecycle needs of the runner's options. */
export interface GenerationLifecycleOptions {
  store: EventStore;
  redis: Redis;
  /** REDIS_PREFIX: the projections' keys and checkpoints live under it. */
  redisPrefix: string;
  projections: readonly Projection[];
  /** The generation a rebuild builds (undefined: a live runner, following the active one). */
  generation?: string;
  onNotice?: (message: string) => void;
}

/** Where one pass of following writes a projection, and what must not have changed for it to write. */
export interface Target extends FailureTarget {
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

/** A projection this runner leaves alone: a newer version of it built or builds the read model. */
export interface Superseded {
  projection: Projection;
  superseded: string;
  leaseKey: string;
}

/**
 * The generations and versions of the runner's read models: which generation each projection
 * writes and where it stands there (targets()); a read model of another history replaced by a
 * fresh generation, a version upgrade built beside the active generation, a generation emptied
 * or deleted; once caught up, the complete mark and the switch to an upgraded generation
 * (markCaughtUp). The RecoveryBoard says which read models are being rebuilt for another history.
 */
export class GenerationLifecycle {
  constructor(
    private readonly options: GenerationLifecycleOptions,
    private readonly board: RecoveryBoard,
  ) {}

  keysOf(projection: Projection) {
    return projectionKeys(this.options.redisPrefix, projection.name);
  }

  /** The generation a projection is written to: the runner's own (rebuild) or the active one. */
  async generationOf(projection: Projection): Promise<string> {
    return (
      this.options.generation ?? (await this.options.redis.get(this.keysOf(projection).generation)) ?? '0'
    );
  }

  /**
   * Reads, for each projection, the generation it writes and its checkpoint there; leaves out
   * (reports) those a newer version runs, and replaces a read model of another history.
   */
  async targets(lease: ProjectionLease): Promise<(Target | Superseded)[]> {
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
  async markCaughtUp(targets: Target[], lease: ProjectionLease, checkpoint: bigint): Promise<void> {
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

/**
 * A generation's store key: the storeId of the history its checkpoint follows and the id of
 * the event at the checkpoint (`<storeId> <eventId>`; a bare storeId before events were
 * recorded there), so that a copy of the store put back by hand is told apart even once its
 * head has passed the checkpoint (verifyMark).
 */
export function formatStoreMark(storeId: string, eventId: string): string {
  return `${storeId} ${eventId}`;
}

function parseStoreMark(value: string | null): { storeId: string | undefined; eventId?: string } {
  if (value === null) return { storeId: undefined };
  const [storeId, eventId] = value.split(' ');
  return eventId === undefined ? { storeId } : { storeId, eventId };
}
