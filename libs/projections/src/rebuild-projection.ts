import type { Redis } from 'ioredis';
import type { EventStore } from '@cl/event-store';
import { deleteKeysUnder } from '@cl/redis';
import type { Projection } from './projection';
import { projectionKeys } from './projection-keys';
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
      const stopped = states.get(projection.name);
      if (stopped?.state === 'stopped') {
        throw new Error(
          `${projection.name}: the rebuild stopped, a batch up to position ${stopped.failure!.position} failed (${stopped.failure!.error}); the active read model is left as it was`,
        );
      }
      options.onProgress?.(position, head);
      if (position >= head) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await builder.stop();
  }
  await redis.set(keys.generation, generation);
  await deleteKeysUnder(redis, keys.readModel(previous));
  await redis.unlink(
    keys.checkpoint(previous),
    keys.version(previous),
    keys.complete(previous),
    keys.failure(previous),
  );
  return { generation };
}
