import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { EventStore } from '@cl/event-store';
import { ProjectionRunner, projectionKeys, readModelComplete, type Projection } from '@cl/projections';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { eventCountsProjection } from './children/event-counts.projection';
import { openTestStore } from '../support/test-store';

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
  let store: EventStore;
  let redis: Redis;
  let prefix: string;

  beforeEach(() => {
    dir = makeTempDir('runner');
    store = openTestStore(dir.path);
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

  it('builds a read model of a new version in a fresh generation and switches to it once caught up', async () => {
    const notices: string[] = [];
    const keys = projectionKeys(prefix, 'event-counts');
    const runner = (projection: Projection) =>
      new ProjectionRunner({
        store,
        redis,
        redisPrefix: prefix,
        projections: [projection],
        onNotice: (message) => notices.push(message),
      });
    await append('Tick', 30);
    const first = runner(eventCountsProjection); // version 1
    first.start();
    await first.waitFor(await store.headPosition());
    await first.stop();
    expect(await readModelComplete(redis, prefix, 'event-counts')).toBe(true);
    // A key only the old version wrote: the old generation goes, with it.
    await redis.set(`${prefix}:event-counts:0:old-layout`, 'x');

    const upgraded = runner({ ...eventCountsProjection, version: 2 });
    upgraded.start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await redis.get(keys.generation)) !== '1') {
        // Until the switch the old generation serves, complete: the new one is never read half built.
        expect(await readModelComplete(redis, prefix, 'event-counts')).toBe(true);
        if (Date.now() > deadline) throw new Error('no switch');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await upgraded.waitFor(await store.headPosition());
    } finally {
      await upgraded.stop();
    }
    expect(await redis.hgetall(`${prefix}:event-counts:1:by-type`)).toEqual({ Tick: '30' });
    expect(await redis.get(keys.version('1'))).toBe('2');
    expect(await readModelComplete(redis, prefix, 'event-counts')).toBe(true);
    expect(
      await redis.exists(`${prefix}:event-counts:0:old-layout`, `${prefix}:event-counts:0:by-type`),
    ).toBe(0);
    expect(
      await redis.exists(keys.checkpoint('0'), keys.version('0'), keys.complete('0'), keys.building),
    ).toBe(0);
    expect(notices).toEqual([
      expect.stringMatching(/built by version 1; building version 2 from the first event in generation 1/),
      expect.stringMatching(/generation 1 \(version 2\) caught up and is active; deleting generation 0/),
    ]);
    // The same version again goes on from its checkpoint.
    await append('Tick', 5);
    const again = runner({ ...eventCountsProjection, version: 2 });
    again.start();
    await again.waitFor(await store.headPosition());
    await again.stop();
    expect(await redis.hgetall(`${prefix}:event-counts:1:by-type`)).toEqual({ Tick: '35' });
    expect(notices).toHaveLength(2);
  });

  it('holds a lease key per projection, all or none', async () => {
    const keys = [eventCountsProjection, tockCountsProjection].map((p) =>
      projectionKeys(prefix, p.name).lease(),
    );
    // Another worker runs one of the two (renewing its lease): this runner must wait for
    // it, and write nothing.
    await redis.set(keys[1], 'another-worker', 'PX', 1200);
    const renewing = setInterval(() => void redis.set(keys[1], 'another-worker', 'PX', 1200), 200);
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
      // The other worker stops renewing: once its lease expires this one takes both and catches up.
      clearInterval(renewing);
      await both.waitFor(await store.headPosition(), 5000);
      expect(await counts('tock-counts')).toEqual({ Tock: '10' });
      const holders = await redis.mget(...keys);
      expect(holders[0]).not.toBeNull();
      expect(holders[1]).toBe(holders[0]);
    } finally {
      clearInterval(renewing);
      await both.stop();
    }
  });
});
