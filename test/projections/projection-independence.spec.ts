import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import {
  failingBackOffMs,
  ProjectionRunner,
  projectionKeys,
  projectionStatus,
  readModelComplete,
  rebuildProjection,
  type Projection,
} from '@cl/projections';
import { RecoveryBoard } from '@cl/redis';
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

/**
 * Counts events by type like eventCountsProjection, but its `project()` throws on a Bad event
 * while `fault.broken` (as a projection does on an event it cannot handle, or a Redis read
 * that fails); `fault.throws` records when, and `fault.alone` when it was given the Bad event
 * alone (the runner isolating it, then retrying it).
 */
function fragileProjection(fault: { broken: boolean; throws: number[]; alone: number[] }): Projection {
  return {
    name: 'fragile-counts',
    async project(events, context) {
      if (fault.broken && events.some((event) => event.type === 'Bad')) {
        fault.throws.push(Date.now());
        if (events.length === 1) fault.alone.push(Date.now());
        throw new Error('Invalid DateTime: unparsable occurredAt');
      }
      return eventCountsProjection.project(events, context);
    },
  };
}

/**
 * Issue 21: each projection follows the log on its own position, an exception in `project()`
 * is a failure of that projection alone (failing, retried with back-off, never skipped),
 * versions only move forward, and a read model of another history is rebuilt.
 */
describe('projections independent of each other, of older versions and of other histories', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: SqliteEventStore;
  let redis: Redis;
  let prefix: string;
  const runners: ProjectionRunner[] = [];
  let notices: string[];

  beforeEach(() => {
    dir = makeTempDir('independence');
    store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
    redis = new Redis(REDIS_URL);
    prefix = `test-${randomUUID().slice(0, 8)}`;
    notices = [];
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await deleteRedisKeys(REDIS_URL, prefix);
    redis.disconnect();
    await store.close();
    dir.remove();
  });

  const append = async (type: string, count: number) => {
    for (let i = 0; i < count; i++) await store.appendToStream(`s-${i % 7}`, [{ type, data: {} }]);
  };
  const counts = (name: string, generation = '0') => redis.hgetall(`${prefix}:${name}:${generation}:by-type`);
  const start = (projections: Projection[], leaseMs?: number) => {
    const runner = new ProjectionRunner({
      store,
      redis,
      redisPrefix: prefix,
      projections,
      leaseMs,
      groupLagEvents: 10,
      onError: (error) => notices.push((error as Error).message),
      onNotice: (message) => notices.push(message),
    });
    runners.push(runner);
    runner.start();
    return runner;
  };
  const stop = async (runner: ProjectionRunner) => {
    await runner.stop();
    runners.splice(runners.indexOf(runner), 1);
  };
  const eventually = async (check: () => Promise<boolean>, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  /** Every key under the projection's prefix with its value (strings and hashes). */
  const snapshot = async (name: string) => {
    const keys = (await redis.keys(`${prefix}:*${name}*`)).filter((key) => !key.endsWith(':lease')).sort();
    const values = await Promise.all(
      keys.map(async (key) =>
        (await redis.type(key)) === 'hash' ? JSON.stringify(await redis.hgetall(key)) : redis.get(key),
      ),
    );
    return Object.fromEntries(keys.map((key, index) => [key, values[index]]));
  };

  it.each([
    ['a runner each', true],
    ['one runner for all', false],
  ])(
    'a projection rebuilding from the first event holds back none of the others (%s)',
    async (_, separate) => {
      await append('Tick', 20);
      const ahead = start([tockCountsProjection]);
      await ahead.waitFor(await store.headPosition());
      await stop(ahead);
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      // Built from the first event (a new projection, a version upgrade, a rebuild), and slow.
      const slow: Projection = {
        ...eventCountsProjection,
        name: 'slow-counts',
        async project(events, context) {
          await gate;
          return eventCountsProjection.project(events, context);
        },
      };
      // tock-counts is at the head; slow-counts starts from the first event, 20 events behind.
      const [slowRunner, tocks] = separate
        ? [start([slow]), start([tockCountsProjection])]
        : [start([slow, tockCountsProjection]), undefined];
      await append('Tock', 3);
      await eventually(async () => (await counts('tock-counts')).Tock === '3');
      expect((await (tocks ?? slowRunner).checkpoints()).get('tock-counts')).toBe(await store.headPosition());
      expect((await slowRunner.checkpoints()).get('slow-counts')).toBe(0n);
      open();
      await slowRunner.waitFor(await store.headPosition());
      expect(await counts('slow-counts')).toEqual({ Tick: '20', Tock: '3' });
      // Caught up, they go on together.
      await append('Tock', 2);
      await slowRunner.waitFor(await store.headPosition());
      expect(await counts('slow-counts')).toEqual({ Tick: '20', Tock: '5' });
      expect(await counts('tock-counts')).toEqual({ Tock: '5' });
    },
  );

  describe('an exception in project()', () => {
    it.each([
      ['a runner per projection', true],
      ['one runner for all', false],
    ])(
      'is a failure of that projection alone, at the event, retried with back-off, never skipped (%s)',
      async (_, separate) => {
        await append('Tick', 30);
        await append('Bad', 1);
        const bad = await store.headPosition();
        await append('Tick', 30);
        const fault = { broken: true, throws: [] as number[], alone: [] as number[] };
        const fragile = fragileProjection(fault);
        const projections = [eventCountsProjection, fragile, tockCountsProjection];
        const started = separate
          ? projections.map((projection) => start([projection]))
          : [start(projections)];
        const head = await store.headPosition();
        const status = () => projectionStatus(store, started);
        const of = async (name: string) => (await status()).find((entry) => entry.name === name)!;

        // The others caught up; the fragile one stands just before the Bad event, failing there.
        await eventually(
          async () => (await of('event-counts')).lag === 0 && (await of('tock-counts')).lag === 0,
        );
        await eventually(async () => (await of('fragile-counts')).state === 'failing');
        expect(await counts('event-counts')).toEqual({ Tick: '60', Bad: '1' });
        const failing = await of('fragile-counts');
        expect(failing).toMatchObject({
          state: 'failing',
          position: bad - 1n,
          failingAt: bad,
          error: 'Invalid DateTime: unparsable occurredAt',
        });
        expect(await counts('fragile-counts')).toEqual({ Tick: '30' });
        expect(
          notices.some((notice) =>
            notice.includes(`fragile-counts: projecting the event at position ${bad} (Bad) failed`),
          ),
        ).toBe(true);

        // Retried with back-off: 1 s, then 2 s (never at once, never given up). Timed on the
        // Bad event alone: when it came in a batch with others, the first pass throws on the
        // batch first (how long before depends on the machine's load).
        await eventually(async () => fault.alone.length >= 3, 20_000);
        const retries = fault.alone.slice(1).map((at, index) => at - fault.alone[index]);
        expect(retries[0]).toBeGreaterThanOrEqual(failingBackOffMs(1) - 50);
        expect(retries[1]).toBeGreaterThanOrEqual(failingBackOffMs(2) - 50);
        expect((await of('fragile-counts')).attempts).toBeGreaterThanOrEqual(2);
        // Still followed by the others meanwhile.
        await append('Tock', 5);
        await eventually(async () => (await counts('tock-counts')).Tock === '5');

        // The fault is removed: at its next retry it applies the Bad event and catches up, nothing skipped.
        fault.broken = false;
        // At its next retry (4 to 16 s after the last, by now).
        await eventually(async () => (await of('fragile-counts')).state === 'running', 40_000);
        for (const runner of started) await runner.waitFor(await store.headPosition(), 15_000);
        expect(await counts('fragile-counts')).toEqual(await counts('event-counts'));
        expect(await counts('fragile-counts')).toEqual({ Tick: '60', Bad: '1', Tock: '5' });
        expect(await redis.exists(projectionKeys(prefix, 'fragile-counts').failing('0'))).toBe(0);
        expect(head).toBeLessThan(await store.headPosition());
      },
      90_000,
    );
  });

  describe('versions only move forward', () => {
    const version = (v: number): Projection => ({ ...eventCountsProjection, version: v });

    it('an older runner started beside a newer one touches nothing of its read model and reports superseded', async () => {
      const keys = projectionKeys(prefix, 'event-counts');
      await append('Tick', 20);
      // The old version built generation 0; the new one builds beside it and takes over.
      const v1 = start([version(1)], 600);
      await v1.waitFor(await store.headPosition());
      const v2 = start([version(2)], 600);
      await stop(v1);
      await eventually(async () => (await redis.get(keys.generation)) === '1');
      await v2.waitFor(await store.headPosition());
      // Its last writes: the old generation deleted after the switch (its bookkeeping keys last).
      await eventually(async () => (await redis.exists(keys.checkpoint('0'), keys.version('0'))) === 0);
      expect(await readModelComplete(redis, prefix, 'event-counts')).toBe(true);
      const newer = await snapshot('event-counts');
      expect(await counts('event-counts', '1')).toEqual({ Tick: '20' });

      // A rolling deploy: an older process (still) runs beside the newer one and gets the lease.
      const older = start([version(1)], 600);
      await stop(v2);
      await eventually(async () => (await older.states()).get('event-counts')?.state === 'superseded');
      await append('Tick', 5);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await snapshot('event-counts')).toEqual(newer);
      expect(await redis.get(keys.lease())).toBeNull(); // given up: the newer one takes it at once
      expect(notices).toContainEqual(
        expect.stringMatching(/event-counts: superseded, the active read model was built by version 2/),
      );
      expect((await projectionStatus(store, [older]))[0]).toMatchObject({ state: 'superseded' });

      // The newer one comes back and goes on; the older one stays out.
      const back = start([version(2)], 600);
      await back.waitFor(await store.headPosition());
      expect(await counts('event-counts', '1')).toEqual({ Tick: '25' });
      expect(await redis.get(keys.generation)).toBe('1');
      // A rebuild by the older version is refused too.
      await expect(
        rebuildProjection({ store, redis, redisPrefix: prefix, projection: version(1) }),
      ).rejects.toThrow(/built by version 2.*an older version never replaces/);
      expect(await redis.get(keys.generation)).toBe('1');
    }, 30_000);

    it('a runner of several gives up only the superseded one (its lease key too) and runs the others', async () => {
      const keys = projectionKeys(prefix, 'event-counts');
      await append('Tick', 10);
      const v2 = start([version(2)]);
      await v2.waitFor(await store.headPosition());
      await stop(v2);
      const newer = await snapshot('event-counts');
      const both = start([version(1), tockCountsProjection]);
      await eventually(async () => (await both.states()).get('event-counts')?.state === 'superseded');
      await append('Tock', 4);
      await eventually(async () => (await counts('tock-counts')).Tock === '4');
      expect((await both.states()).get('tock-counts')).toEqual({ state: 'running' });
      expect(await redis.get(keys.lease())).toBeNull();
      expect(await redis.get(projectionKeys(prefix, 'tock-counts').lease())).not.toBeNull();
      expect(await snapshot('event-counts')).toEqual(newer);
    });

    it('an older runner leaves alone a generation a newer version is building', async () => {
      const keys = projectionKeys(prefix, 'event-counts');
      await append('Tick', 10);
      const v1 = start([version(1)]);
      await v1.waitFor(await store.headPosition());
      await stop(v1);
      // Version 2 got halfway through building generation 4 before its process went away.
      await redis.set(keys.building, '4:2');
      await redis.set(keys.checkpoint('4'), '3');
      await redis.set(keys.version('4'), '2');
      await redis.hset(`${prefix}:event-counts:4:by-type`, 'Tick', '3');
      const before = await snapshot('event-counts');
      const older = start([version(1)]);
      await eventually(async () => (await older.states()).get('event-counts')?.state === 'superseded');
      await append('Tick', 2);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await snapshot('event-counts')).toEqual(before);
    });
  });

  describe('a read model of another history', () => {
    /** Counts like eventCountsProjection; its first batch waits for `open` (to see the rebuild under way). */
    function gated(): { projection: Projection; open: () => void } {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      return {
        projection: {
          ...eventCountsProjection,
          async project(events, context) {
            await gate;
            return eventCountsProjection.project(events, context);
          },
        },
        open,
      };
    }

    it.each([
      [
        'stamped with another storeId',
        async (keys: ReturnType<typeof projectionKeys>) => {
          await redis.set(keys.store('0'), randomUUID());
        },
        /recorded for store .*, but the store is/,
      ],
      [
        'beyond the store head (written before stores had an identity)',
        async (keys: ReturnType<typeof projectionKeys>) => {
          await redis.del(keys.store('0'));
          await redis.set(keys.checkpoint('0'), '1000');
        },
        /beyond the store's head/,
      ],
      [
        'at a position where the store holds another event (an older copy put back and written past it)',
        async (keys: ReturnType<typeof projectionKeys>) => {
          await redis.set(keys.store('0'), `${await store.storeId()} ${randomUUID()}`);
        },
        /where the store holds another event/,
      ],
    ])('%s: rebuilt in a fresh generation, marked recovering until caught up', async (_, corrupt, reason) => {
      const keys = projectionKeys(prefix, 'event-counts');
      const board = new RecoveryBoard(redis, prefix);
      await append('Tick', 20);
      await append('Tock', 4);
      const first = start([eventCountsProjection]);
      await first.waitFor(await store.headPosition());
      await stop(first);
      expect((await redis.get(keys.store('0')))?.split(' ')[0]).toBe(await store.storeId());
      // What another history would have: counts of other events, and a key of its own.
      await redis.hset(`${prefix}:event-counts:0:by-type`, 'Tick', '999');
      await redis.set(`${prefix}:event-counts:0:elsewhere`, 'x');
      await corrupt(keys);

      const { projection, open } = gated();
      const runner = start([projection]);
      // The foreign read model stops serving at once: the pointer moves to a fresh generation.
      await eventually(async () =>
        (await board.list()).some((entry) => entry.component === 'projection:event-counts'),
      );
      const [recovery] = await board.list();
      expect(recovery.reason).toMatch(reason);
      // Marked recovering first; the pointer moves and the foreign generation goes right after.
      await eventually(
        async () =>
          (await redis.exists(
            `${prefix}:event-counts:0:elsewhere`,
            `${prefix}:event-counts:0:by-type`,
            keys.checkpoint('0'),
          )) === 0,
      );
      const fresh = await redis.get(keys.generation);
      expect(fresh).not.toBeNull();
      expect(fresh).not.toBe('0');
      expect(await readModelComplete(redis, prefix, 'event-counts')).toBe(false);

      open();
      await runner.waitFor(await store.headPosition());
      await eventually(async () => (await board.list()).length === 0);
      expect(await readModelComplete(redis, prefix, 'event-counts')).toBe(true);
      expect((await redis.get(keys.store(fresh!)))?.split(' ')[0]).toBe(await store.storeId());
      // Equal to a read model built from scratch.
      const scratch = new ProjectionRunner({
        store,
        redis,
        redisPrefix: `${prefix}-scratch`,
        projections: [eventCountsProjection],
      });
      scratch.start();
      await scratch.waitFor(await store.headPosition());
      await scratch.stop();
      const fromScratch = await redis.hgetall(`${prefix}-scratch:event-counts:0:by-type`);
      await deleteRedisKeys(REDIS_URL, `${prefix}-scratch`);
      expect(await counts('event-counts', fresh!)).toEqual(fromScratch);
      expect(fromScratch).toEqual({ Tick: '20', Tock: '4' });
      expect(notices).toContainEqual(
        expect.stringMatching(/event-counts: the read model of generation 0 was .*it no longer serves/),
      );
    });

    it('state written before stores had an identity, not beyond the head, is this store’s: stamped, kept', async () => {
      const keys = projectionKeys(prefix, 'event-counts');
      await append('Tick', 10);
      const first = start([eventCountsProjection]);
      await first.waitFor(await store.headPosition());
      await stop(first);
      await redis.del(keys.store('0'));
      const again = start([eventCountsProjection]);
      await eventually(
        async () => (await redis.get(keys.store('0')))?.split(' ')[0] === (await store.storeId()),
      );
      await append('Tick', 2);
      await again.waitFor(await store.headPosition());
      expect(await redis.get(keys.generation)).toBeNull();
      expect(await counts('event-counts')).toEqual({ Tick: '12' });
      expect(await new RecoveryBoard(redis, prefix).list()).toEqual([]);
    });

    it('is noticed when Redis reconnects while the runner follows', async () => {
      const keys = projectionKeys(prefix, 'event-counts');
      await append('Tick', 10);
      const runner = start([eventCountsProjection]);
      await runner.waitFor(await store.headPosition());
      // Meanwhile, Redis came to hold another history's state (e.g. restored from another deployment).
      await redis.set(keys.store('0'), randomUUID());
      redis.disconnect(true);
      await eventually(async () => ((await redis.get(keys.generation)) ?? '0') !== '0');
      await runner.waitFor(await store.headPosition());
      expect(await counts('event-counts', (await redis.get(keys.generation))!)).toEqual({ Tick: '10' });
    });
  });
});
