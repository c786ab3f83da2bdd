import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { SqliteEventStore } from '@cl/event-store';
import { ProjectionRunner, projectionKeys, type Projection } from '@cl/projections';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { eventCountsProjection } from './children/event-counts.projection';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Counts only Tock events, under another name. */
const tockCountsProjection: Projection = {
  ...eventCountsProjection,
  name: 'tock-counts',
  eventTypes: ['Tock'],
};

/** Several projections behind one runner: one read, one commit, each from its own checkpoint. */
describe('projection runner with several projections', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: SqliteEventStore;
  let redis: Redis;
  let prefix: string;

  beforeEach(() => {
    dir = makeTempDir('runner');
    store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
    redis = new Redis(REDIS_URL);
    prefix = `test-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    await deleteRedisKeys(REDIS_URL, prefix);
    redis.disconnect();
    await store.close();
    dir.remove();
  });

  const append = (type: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) => store.appendToStream(`s-${i % 7}`, [{ type, data: {} }])),
    );
  const counts = (name: string) => redis.hgetall(`${prefix}:${name}:0:by-type`);

  it('feeds a projection added later from the first event and the others from their checkpoints', async () => {
    const first = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections: [eventCountsProjection],
    });
    first.start();
    await append('Tick', 40);
    await append('Tock', 10);
    await first.waitFor(await store.headPosition());
    await first.stop();

    // A new release adds a projection: the same worker now runs both.
    const both = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections: [eventCountsProjection, tockCountsProjection],
    });
    both.start();
    try {
      await append('Tock', 5);
      await append('Tick', 5);
      const head = await store.headPosition();
      await both.waitFor(head);
      expect(await counts('event-counts')).toEqual({ Tick: '45', Tock: '15' });
      expect(await counts('tock-counts')).toEqual({ Tock: '15' });
      expect(await both.checkpoints()).toEqual(
        new Map([
          ['event-counts', head],
          ['tock-counts', head],
        ]),
      );
    } finally {
      await both.stop();
    }
  });

  it('holds a lease key per projection, all or none', async () => {
    const keys = [eventCountsProjection, tockCountsProjection].map((p) =>
      projectionKeys(prefix, p.name).lease(),
    );
    // Another worker runs one of the two: this runner must wait for it, and write nothing.
    await redis.set(keys[1], 'another-worker', 'PX', 1200);
    const both = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections: [eventCountsProjection, tockCountsProjection],
      leaseMs: 600,
    });
    both.start();
    try {
      await append('Tock', 10);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await redis.get(keys[0])).toBeNull();
      expect(await counts('event-counts')).toEqual({});
      // The other worker's lease expires: this one takes both and catches up.
      await both.waitFor(await store.headPosition(), 5000);
      expect(await counts('tock-counts')).toEqual({ Tock: '10' });
      const holders = await redis.mget(...keys);
      expect(holders[0]).not.toBeNull();
      expect(holders[1]).toBe(holders[0]);
    } finally {
      await both.stop();
    }
  });
});
