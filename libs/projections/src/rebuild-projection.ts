import type { Redis } from 'ioredis';
import type { EventStore } from '@cl/event-store';
import { deleteKeysUnder } from '@cl/redis';
import type { Projection } from './projection';
import { generationKeys, projectionKeys } from './projection-keys';
import { newerVersion } from './generation-lifecycle';
import { ProjectionRunner } from './projection-runner';

export interface RebuildOptions {
  store: EventStore;
  redis: Redis;
  redisPrefix: string;
  projection: Projection;
  /** Called a few times a second with the new generation's checkpoint and the store's head. */
  onProgress?: (position: bigint, head: bigint) => void;
}

/**
 * Builds the projection into a fresh generation from the first event while the active one
 * keeps serving, switches the generation pointer once it has caught up (one SET: queries
 * and the live runner move over at once), then deletes the old generation.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<{ generation: string }> {
  const { store, redis, redisPrefix, projection } = options;
  const keys = projectionKeys(redisPrefix, projection.name);
  const previous = (await redis.get(keys.generation)) ?? '0';
  const refuseOlder = async (at: string) => {
    const newer = newerVersion(projection, await redis.get(keys.version(at)), await redis.get(keys.building));
    if (newer !== undefined) {
      throw new Error(
        `${projection.name}: ${newer}, this is version ${projection.version ?? 1}: an older version never replaces a newer one's read model`,
      );
    }
  };
  await refuseOlder(previous);
  const generation = String(await redis.incr(keys.generationCounter));
  const builder = new ProjectionRunner({ store, redis, redisPrefix, projections: [projection], generation });
  builder.start();
  try {
    for (;;) {
      const [position, head, states] = await Promise.all([
        builder.checkpoint(),
        store.headPosition(),
        builder.states(),
      ]);
      // The live runner retries a failing projection for ever; a rebuild an operator waits for
      // ends at the first failure, the active read model untouched.
      const report = states.get(projection.name);
      if (report?.state === 'failing') {
        const { position, error } = (report.failure ?? report.failing)!;
        throw new Error(
          `${projection.name}: the rebuild failed at position ${position} (${error}); the active read model is left as it was`,
        );
      }
      options.onProgress?.(position, head);
      if (position >= head) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await builder.stop();
  }
  const active = (await redis.get(keys.generation)) ?? '0';
  await refuseOlder(active).catch(async (error: unknown) => {
    // A newer version took over meanwhile: what this one built is dropped.
    await deleteKeysUnder(redis, keys.readModel(generation));
    await redis.unlink(...generationKeys(keys, generation));
    throw error;
  });
  await redis.set(keys.generation, generation);
  // The generation it replaces (the live runner may have moved the pointer meanwhile, e.g. away
  // from a read model of another history), and the one active when it began.
  for (const replaced of new Set([previous, active])) {
    await deleteKeysUnder(redis, keys.readModel(replaced));
    await redis.unlink(...generationKeys(keys, replaced));
  }
  return { generation };
}
