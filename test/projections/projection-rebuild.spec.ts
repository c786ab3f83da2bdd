import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { activeReadModelPrefix, ProjectionRunner, projectionKeys, rebuildProjection } from '@cl/projections';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { eventCountsProjection } from './children/event-counts.projection';
import { openTestStore } from '../support/test-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('rebuilding a projection', () => {
  it('builds a fresh generation while the old one serves, switches, and the live runner follows', async () => {
    const dir = makeTempDir('rebuild');
    const store = openTestStore(dir.path);
    const redis = new Redis(REDIS_URL);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const keys = projectionKeys(prefix, eventCountsProjection.name);
    const live = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections: [eventCountsProjection],
    });
    const ticks = async () =>
      redis.hget(`${await activeReadModelPrefix(redis, prefix, 'event-counts')}:by-type`, 'Tick');
    const append = (count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) => store.appendToStream(`s-${i}`, [{ type: 'Tick', data: {} }])),
      );
    try {
      live.start();
      await append(100);
      await live.waitFor(await store.headPosition());
      // A read model gone wrong (say, a projection bug since fixed): the rebuild repairs it.
      await redis.hset(`${keys.readModel('0')}:by-type`, 'Tick', '999');

      const generationsSeen = new Set<string | null>();
      const { generation } = await rebuildProjection({
        store,
        redis,
        redisPrefix: prefix,
        projection: eventCountsProjection,
        onProgress: () => void redis.get(keys.generation).then((active) => generationsSeen.add(active)),
      });
      expect(generation).toBe('1');
      expect(generationsSeen).toEqual(new Set([null])); // the old generation served throughout
      expect(await redis.get(keys.generation)).toBe('1');
      expect(await ticks()).toBe('100');
      expect(await redis.exists(`${keys.readModel('0')}:by-type`, keys.checkpoint('0'))).toBe(0);

      await append(50);
      await live.waitFor(await store.headPosition());
      expect(await ticks()).toBe('150');
      // The live runner moved to the new generation: its checkpoint there is the head.
      expect(await redis.get(keys.checkpoint('1'))).toBe(String(await store.headPosition()));
    } finally {
      await live.stop();
      await deleteRedisKeys(REDIS_URL, prefix);
      redis.disconnect();
      await store.close();
      dir.remove();
    }
  });

  it('ends with an error when the rebuild fails, leaving the active read model as it was', async () => {
    const dir = makeTempDir('rebuild-fails');
    const store = openTestStore(dir.path);
    const redis = new Redis(REDIS_URL);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const keys = projectionKeys(prefix, eventCountsProjection.name);
    try {
      await store.appendToStream('s-1', [{ type: 'Tick', data: {} }]);
      const bad = await store.appendToStream('s-2', [{ type: 'Bad', data: {} }]);
      await redis.hset(`${keys.readModel('0')}:by-type`, 'Tick', '7');
      // A version whose project() throws on the Bad event: the live runner would retry it for ever.
      const throwing = {
        ...eventCountsProjection,
        project: async (...args: Parameters<typeof eventCountsProjection.project>) => {
          if (args[0].some((event) => event.type === 'Bad')) throw new Error('cannot project Bad');
          return eventCountsProjection.project(...args);
        },
      };
      await expect(
        rebuildProjection({ store, redis, redisPrefix: prefix, projection: throwing }),
      ).rejects.toThrow(
        `event-counts: the rebuild failed at position ${bad.position} (cannot project Bad); the active read model is left as it was`,
      );
      expect(await redis.get(keys.generation)).toBeNull();
      expect(await redis.hget(`${keys.readModel('0')}:by-type`, 'Tick')).toBe('7');
    } finally {
      await deleteRedisKeys(REDIS_URL, prefix);
      redis.disconnect();
      await store.close();
      dir.remove();
    }
  });
});
