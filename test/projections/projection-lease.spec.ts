import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { EventStore } from '@cl/event-store';
import { ProjectionRunner, projectionKeys } from '@cl/projections';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { eventCountsProjection } from './children/event-counts.projection';
import { openTestStore } from '../support/test-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One worker at a time per projection, a takeover when the holder goes, and no write after losing it. */
describe('projection lease', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: EventStore;
  let redis: Redis;
  let prefix: string;
  const runners: ProjectionRunner[] = [];

  beforeEach(() => {
    dir = makeTempDir('lease');
    store = openTestStore(dir.path);
    redis = new Redis(REDIS_URL);
    prefix = `test-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await deleteRedisKeys(REDIS_URL, prefix);
    redis.disconnect();
    await store.close();
    dir.remove();
  });

  const runner = (leaseMs = 600) => {
    const created = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections: [eventCountsProjection],
      leaseMs,
    });
    runners.push(created);
    return created;
  };
  const append = (count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        store.appendToStream(`s-${i % 5}`, [{ type: 'Tick', data: { i } }]),
      ),
    );
  const ticks = async () => Number((await redis.hget(`${prefix}:event-counts:0:by-type`, 'Tick')) ?? 0);

  it('lets one of two workers run it, and the other take over when the first stops', async () => {
    const first = runner();
    const second = runner();
    first.start();
    // The second starts once the first holds the lease (not after a guessed delay).
    while ((await redis.get(first.leaseKeys[0])) === null)
      await new Promise((resolve) => setTimeout(resolve, 5));
    second.start();
    await append(200);
    await first.waitFor(await store.headPosition());
    expect(await ticks()).toBe(200);
    const holder = await redis.get(first.leaseKeys[0]);
    expect(holder).not.toBeNull();

    const [active, standby] = runners.splice(0, 2);
    runners.push(standby);
    await active.stop(); // releases the lease
    await append(100);
    await standby.waitFor(await store.headPosition(), 5000);
    expect(await ticks()).toBe(300);
    expect(await redis.get(first.leaseKeys[0])).not.toBe(holder);
  });

  it('never writes once another worker holds the lease, and resumes when it gets it back', async () => {
    const only = runner();
    only.start();
    await append(50);
    await only.waitFor(await store.headPosition());
    await redis.set(only.leaseKeys[0], 'another-worker', 'PX', 1500);
    await append(50);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ticks()).toBe(50);
    expect(await only.checkpoint()).toBeLessThan(await store.headPosition());
    // The other worker's lease expires without renewal: this one takes over and catches up.
    await only.waitFor(await store.headPosition(), 5000);
    expect(await ticks()).toBe(100);
  });
});

describe('projection runner when Redis loses its keys', () => {
  it('notices the lost checkpoint and rebuilds the read model from the first event', async () => {
    const dir = makeTempDir('lost-keys');
    const store = openTestStore(dir.path);
    const redis = new Redis(REDIS_URL);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const runner = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections: [eventCountsProjection],
    });
    const append = (count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) => store.appendToStream(`s-${i}`, [{ type: 'Tick', data: {} }])),
      );
    try {
      runner.start();
      await append(30);
      await runner.waitFor(await store.headPosition());
      // What a Redis restart without persistence does to the projection: its keys are gone.
      await deleteRedisKeys(REDIS_URL, `${prefix}:event-counts`);
      await redis.del(projectionKeys(prefix, 'event-counts').checkpoint('0'));
      await append(20);
      await runner.waitFor(await store.headPosition());
      expect(await redis.hget(`${prefix}:event-counts:0:by-type`, 'Tick')).toBe('50');
    } finally {
      await runner.stop();
      await deleteRedisKeys(REDIS_URL, prefix);
      redis.disconnect();
      await store.close();
      dir.remove();
    }
  });
});
