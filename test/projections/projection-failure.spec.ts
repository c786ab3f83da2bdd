import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { ProjectionRunner, projectionKeys, type Projection } from '@cl/projections';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { eventCountsProjection } from './children/event-counts.projection';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Counts events by type like eventCountsProjection, but the count of Boom events goes out as
 * HINCRBY by "one" in its first `failures` batches with one: a command that fails at run time
 * inside the MULTI, while EXEC applies the others, the checkpoint among them.
 */
function boomProjection(failures: number, boomFirst = false): Projection {
  let failed = 0;
  return {
    name: 'boom-counts',
    async project(events, { tx, keyPrefix }) {
      const counts = new Map<string, number>();
      for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      const types = [...counts.keys()].sort((a, b) =>
        boomFirst ? Number(b === 'Boom') - Number(a === 'Boom') : 0,
      );
      for (const type of types) {
        const count = counts.get(type)!;
        const failing = type === 'Boom' && failed < failures;
        if (failing) failed++;
        tx.hincrby(`${keyPrefix}:by-type`, type, failing ? 'one' : count);
      }
    },
  };
}

/** A MULTI/EXEC whose command failed at run time: the projection is rebuilt, never left with a skipped batch. */
describe('projection runner: a command failing at run time inside the MULTI', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: SqliteEventStore;
  let redis: Redis;
  let prefix: string;
  let runner: ProjectionRunner | undefined;
  const notices: string[] = [];

  beforeEach(() => {
    dir = makeTempDir('failure');
    store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
    redis = new Redis(REDIS_URL);
    prefix = `test-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    await runner?.stop();
    await deleteRedisKeys(REDIS_URL, prefix);
    redis.disconnect();
    await store.close();
    dir.remove();
  });

  const append = async (type: string, count: number) => {
    for (let i = 0; i < count; i++) await store.appendToStream(`s-${i % 7}`, [{ type, data: {} }]);
  };
  const counts = (name: string) => redis.hgetall(`${prefix}:${name}:0:by-type`);
  const start = (boom: Projection) => {
    runner = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections: [eventCountsProjection, boom],
      onError: (error) => notices.push((error as Error).message),
      onNotice: (message) => notices.push(message),
    });
    runner.start();
    return runner;
  };
  const eventually = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('rebuilds the projection from the first event: every event counted once, none skipped', async () => {
    await append('Tick', 30);
    await append('Boom', 1);
    await append('Tick', 30);
    const running = start(boomProjection(1));
    const head = await store.headPosition();
    await running.waitFor(head, 15_000);
    await eventually(async () => (await running.states()).get('boom-counts')?.state === 'running');
    // Exactly the events of the store: the failed batch was applied again by the rebuild, not skipped.
    expect(await counts('boom-counts')).toEqual({ Tick: '60', Boom: '1' });
    expect(await counts('event-counts')).toEqual({ Tick: '60', Boom: '1' });
    expect(
      notices.some((notice) => /boom-counts: a command of the batch .* failed .*rebuilt/.test(notice)),
    ).toBe(true);
    expect(
      notices.some((notice) => /boom-counts: .*rebuilding the read model from the first event/.test(notice)),
    ).toBe(true);
    expect(await redis.exists(projectionKeys(prefix, 'boom-counts').failure('0'))).toBe(0);
  });

  it('traces the failed command to its projection when it is the first the projection queued', async () => {
    await append('Tick', 30);
    await append('Boom', 1);
    await append('Tick', 30);
    const running = start(boomProjection(1, true));
    await running.waitFor(await store.headPosition(), 15_000);
    await eventually(async () => (await running.states()).get('boom-counts')?.state === 'running');
    expect(await counts('boom-counts')).toEqual({ Tick: '60', Boom: '1' });
    expect(await counts('event-counts')).toEqual({ Tick: '60', Boom: '1' });
    expect(notices.some((notice) => /boom-counts: a command of the batch .* failed/.test(notice))).toBe(true);
  });

  it('keeps failing with back-off while the rebuild fails too, never gives up, and keeps the others going', async () => {
    await append('Tick', 10);
    await append('Boom', 1);
    // The batch and the first two rebuilds fail; the third rebuild succeeds.
    const running = start(boomProjection(3));
    await eventually(async () => (await running.states()).get('boom-counts')?.state === 'failing');
    const states = await running.states();
    expect(states.get('boom-counts')).toMatchObject({
      state: 'failing',
      failure: { error: expect.stringMatching(/not an integer/), retryAt: expect.any(String) },
    });
    const failing = states.get('boom-counts')!.failure!;
    expect(failing.attempts).toBeGreaterThanOrEqual(2);
    // The next rebuild waits for its back-off (1 s after the second failure, 2 s after the third).
    expect(Date.parse(failing.retryAt!)).toBeGreaterThan(Date.now() - 2000);
    expect(states.get('event-counts')).toEqual({ state: 'running' });
    await append('Tick', 5);
    await eventually(async () => (await counts('event-counts')).Tick === '15');
    expect(notices.some((notice) => /boom-counts is failing: .* failed 2 times/.test(notice))).toBe(true);
    // Tried again and again, until the rebuild goes through: nothing skipped.
    await eventually(async () => (await running.states()).get('boom-counts')?.state === 'running');
    expect(await counts('boom-counts')).toEqual({ Tick: '15', Boom: '1' });
    expect(await counts('event-counts')).toEqual({ Tick: '15', Boom: '1' });
  });
});
