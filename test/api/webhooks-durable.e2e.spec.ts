import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { verifyStream } from '@cl/audit';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, EventToAppend, RecordedEvent } from '@cl/event-store';
import { RecoveryBoard } from '@cl/redis';
import { flushPrefixAtOnce } from '../support/flush-prefix';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import {
  eventually,
  firstArrivals,
  LOCAL_RECEIVERS,
  startReceiver,
  type ReceivedWebhook,
} from '../support/webhook-receiver';

/**
 * A subscription's progress is durable (docs/http-api.md, Integration; docs/operations.md, State outside
 * the log): the API in this process, the delivery in a worker process (ROLE=worker), a real
 * SQLite file, the real Redis and real HTTP receivers. Redis "loses its data" by the deletion
 * of every key under the test's own prefix (BullMQ's included), as a Redis without
 * persistence that restarted would.
 */
describe('webhook progress recorded in the subscription stream', () => {
  const integrator = { token: TOKENS.integrator };
  const events = (count: number): EventToAppend[] =>
    Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type: 'ComplaintNoted',
      data: { index },
      metadata: {},
    }));
  /** How many deliveries repeat one already received (counted by webhook-id). */
  const repeats = (calls: readonly ReceivedWebhook[]) => calls.length - new Set(calls.map((c) => c.id)).size;
  const appendInBatches = async (store: EventStore, prefix: string, all: EventToAppend[], batch = 100) => {
    for (let i = 0; i < all.length; i += batch)
      await store.appendToStream(`${prefix}${i}`, all.slice(i, i + batch));
  };

  let service: Awaited<ReturnType<typeof startTestApp>>;
  let store: EventStore;
  let http: ReturnType<typeof httpClient>;
  let redis: Redis;
  let board: RecoveryBoard;
  let worker: LineCollector | undefined;

  /** Starts the worker and waits until it runs: under a loaded full suite its start takes seconds. */
  const startWorker = async (env: Record<string, string>) => {
    worker = new LineCollector(
      spawnTypeScript('apps/worker/src/main.ts', [], {
        DATA_DIR: service.config.dataDir,
        REDIS_PREFIX: service.config.redisPrefix,
        API_KEYS,
        ...LOCAL_RECEIVERS,
        ...env,
      }),
    );
    const started = worker;
    await started.waitFor(() => started.lines.some((line) => line.startsWith('Worker running')), 90_000);
    return started;
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.child.kill('SIGTERM');
    await worker.exited();
    worker = undefined;
  };
  const progressRecords = async (subscriptionId: string) =>
    (await store.readStream(`subscription-${subscriptionId}`)).filter(
      (event) => event.type === 'SubscriptionProgressRecorded',
    );
  /** Watches the RecoveryBoard while `during` runs: whether `webhooks` was ever listed. */
  const watchBoard = () => {
    let seen: string | undefined;
    let watching = true;
    const done = (async () => {
      while (watching) {
        const entry = (await board.list()).find((recovery) => recovery.component === 'webhooks');
        if (entry) seen ??= entry.reason;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    return {
      stop: async () => {
        watching = false;
        await done;
        return seen ?? 'never listed';
      },
    };
  };

  beforeEach(async () => {
    service = await startTestApp({ API_KEYS, ROLE: 'api', ...LOCAL_RECEIVERS });
    store = service.app.get<EventStore>(EVENT_STORE);
    http = httpClient(service.url);
    redis = new Redis(service.config.redisUrl, { maxRetriesPerRequest: 1 });
    board = new RecoveryBoard(redis, service.config.redisPrefix);
  });
  afterEach(async () => {
    if (worker) {
      worker.child.kill('SIGKILL');
      await worker.exited();
      worker = undefined;
    }
    redis.disconnect();
    await service.stop();
  });

  it('after a Redis flush at 2,000 deliveries repeats at most WEBHOOK_CHECKPOINT_EVERY, misses none, and a failing subscription stays failing with its deadLetteredFrom', async () => {
    await startWorker({ WEBHOOK_DEAD_LETTER_HOURS: '0.0005', WEBHOOK_CHECKPOINT_EVERY: '100' });
    const healthy = await startReceiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return 200;
    });
    const down = await startReceiver(() => 500);
    try {
      const subscribe = async (url: string, streamPrefix: string) => {
        const created = await http('POST', '/subscriptions', { ...integrator, body: { url, streamPrefix } });
        expect(created.status).toBe(201);
        return created.body as { subscriptionId: string; fromPosition: string };
      };
      const failing = await subscribe(down.url, 'complaint-F-');
      const busy = await subscribe(healthy.url, 'complaint-R-');

      // The failing endpoint: 1.8 s without a success, then its events are dead-lettered.
      const firstFailing = events(5);
      await store.appendToStream('complaint-F-1', firstFailing);
      const firstFailingPosition = (await store.readStream('complaint-F-1'))[0].position;
      await eventually(
        async () =>
          (await http('GET', `/subscriptions/${failing.subscriptionId}`, integrator)).body.status ===
          'failing',
        30_000,
        'status failing',
      );
      const before = (await http('GET', `/subscriptions/${failing.subscriptionId}`, integrator)).body;
      expect(before.deadLetteredFrom).not.toBeNull();
      const deadLetteredFrom = BigInt(before.deadLetteredFrom as string);
      // A replay from it sends the first dead-lettered event again, and nothing before it.
      expect(deadLetteredFrom).toBeGreaterThanOrEqual(BigInt(failing.fromPosition));
      expect(deadLetteredFrom).toBeLessThan(firstFailingPosition);
      // Recorded in the stream at the change of status.
      const failingRecords = await progressRecords(failing.subscriptionId);
      expect(failingRecords.at(-1)!.data).toMatchObject({
        status: 'failing',
        deadLetteredFrom: before.deadLetteredFrom,
      });
      const downCallsBefore = down.calls.length;

      // 3,000 events to the healthy endpoint; Redis loses everything after the 2,000th delivery.
      const burst = events(3000);
      const expected = burst.map((event) => event.id);
      const appending = appendInBatches(store, 'complaint-R-', burst);
      // Halfway between two records of the count (every 100), so the record lags by about 50.
      await eventually(() => healthy.acknowledged.length >= 2050, 120_000, '2,050 deliveries');
      const watch = watchBoard();
      await flushPrefixAtOnce(redis, service.config.redisPrefix);
      const deliveredAtFlush = healthy.acknowledged.length;
      await appending;

      // Right after the loss the API answers from the stream's record: still failing, with its range.
      const afterFlush = (await http('GET', `/subscriptions/${failing.subscriptionId}`, integrator)).body;
      expect(afterFlush).toMatchObject({ status: 'failing', deadLetteredFrom: before.deadLetteredFrom });

      await eventually(
        () => new Set(healthy.acknowledged.map((call) => call.id)).size === 3000,
        180_000,
        'all 3,000 after the flush',
      );
      // None missing, in order, at most WEBHOOK_CHECKPOINT_EVERY repeated.
      expect(firstArrivals(healthy.calls)).toEqual(expected);
      const repeated = repeats(healthy.calls);
      console.log(`Redis flushed after ${deliveredAtFlush} deliveries: ${repeated} repeated (at most 100)`);
      expect(repeated).toBeLessThanOrEqual(100);

      // The failing subscription stays failing after its delivery ran again: new events are dead-lettered untried.
      await store.appendToStream('complaint-F-1', events(2));
      await eventually(
        async () =>
          (
            (await http('GET', `/subscriptions/${failing.subscriptionId}/deliveries`, integrator)).body
              .deliveries as { outcome: string }[]
          ).filter((entry) => entry.outcome === 'dead_lettered').length >= 2,
        30_000,
        'the new events dead-lettered',
      );
      const after = (await http('GET', `/subscriptions/${failing.subscriptionId}`, integrator)).body;
      expect(after).toMatchObject({ status: 'failing', deadLetteredFrom: before.deadLetteredFrom });
      expect(down.calls.length).toBe(downCallsBefore);
      const busyView = (await http('GET', `/subscriptions/${busy.subscriptionId}`, integrator)).body;
      expect(busyView).toMatchObject({ status: 'active', deadLetteredFrom: null });

      // /health's board said webhooks were recovering, and says so no longer once they caught up.
      await eventually(
        async () => !(await board.list()).some((recovery) => recovery.component === 'webhooks'),
        30_000,
        'the recovery to end',
      );
      const seen = await watch.stop();
      expect(seen).toMatch(/resuming from the progress recorded/);

      // deadLetteredFrom is where a replay starts: every failing event again, in order, the first one first.
      down.answerWith(() => 200);
      const replay = await http('POST', `/subscriptions/${failing.subscriptionId}/replay`, {
        ...integrator,
        body: { fromPosition: before.deadLetteredFrom },
      });
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({ status: 'active', deadLetteredFrom: null });
      const failingEvents = (await store.readStream('complaint-F-1')).map((event) => event.id);
      await eventually(() => down.acknowledged.length >= failingEvents.length, 30_000, 'the replay');
      expect(down.acknowledged.map((call) => call.id)).toEqual(failingEvents);
      // The progress records are chained in the subscriptions' streams like every event.
      for (const { subscriptionId } of [failing, busy]) {
        expect(await verifyStream(store, `subscription-${subscriptionId}`)).toMatchObject({ valid: true });
      }
    } finally {
      await stopWorker();
      await Promise.all([healthy.close(), down.close()]);
    }
  });

  it('records the progress WEBHOOK_CHECKPOINT_SECONDS after a delivery when the count is not reached, so a later loss repeats nothing', async () => {
    await startWorker({ WEBHOOK_CHECKPOINT_EVERY: '1000', WEBHOOK_CHECKPOINT_SECONDS: '1' });
    const receiver = await startReceiver();
    try {
      const created = await http('POST', '/subscriptions', {
        ...integrator,
        body: { url: receiver.url, streamPrefix: 'complaint-T-' },
      });
      const id = created.body.subscriptionId as string;
      const burst = events(30);
      await store.appendToStream('complaint-T-1', burst);
      const last = (await store.readStream('complaint-T-1')).at(-1)!.position.toString();
      await eventually(() => receiver.acknowledged.length === 30, 30_000, 'the 30 deliveries');
      // Far fewer than 1,000: recorded by the time, within a second or two (a turn runs every second).
      await eventually(
        async () => (await progressRecords(id)).at(-1)?.data.deliveredUpTo === last,
        10_000,
        'the record by time',
      );
      expect((await progressRecords(id)).at(-1)!.data).toMatchObject({
        status: 'active',
        deadLetteredFrom: null,
      });
      await flushPrefixAtOnce(redis, service.config.redisPrefix);
      await store.appendToStream('complaint-T-1', events(5));
      await eventually(() => receiver.acknowledged.length === 35, 30_000, 'the 5 after the loss');
      expect(repeats(receiver.calls)).toBe(0);
    } finally {
      await stopWorker();
      await receiver.close();
    }
  });

  it('a webhook position of another storeId, or beyond the head, resumes from the stream record and skips nothing', async () => {
    // Only the count records progress here (from 75 on, at 100 at the latest), so the record lags the position in Redis.
    const settings = { WEBHOOK_CHECKPOINT_EVERY: '100', WEBHOOK_CHECKPOINT_SECONDS: '3600' };
    await startWorker(settings);
    const receiver = await startReceiver();
    try {
      const created = await http('POST', '/subscriptions', {
        ...integrator,
        body: { url: receiver.url, streamPrefix: 'complaint-S-' },
      });
      const id = created.body.subscriptionId as string;
      const stateKey = `${service.config.redisPrefix}:webhooks:${id}:state`;
      const all = events(400);
      const expected = all.map((event) => event.id!);
      const positions = new Map<string, bigint>();
      const append = async (from: number, to: number) => {
        await appendInBatches(store, `complaint-S-${from}-`, all.slice(from, to), 50);
        for (const event of await store.readAll({ maxCount: 100_000 }))
          positions.set(event.id, event.position);
      };
      const uniqueAcknowledged = () => new Set(receiver.acknowledged.map((call) => call.id)).size;
      /** How many of the events the latest progress record covers. */
      const recordedCount = async () => {
        const latest = (await progressRecords(id)).at(-1) as RecordedEvent;
        return (
          expected.findIndex((eventId) => positions.get(eventId)!.toString() === latest.data.deliveredUpTo) +
          1
        );
      };

      await append(0, 250);
      await eventually(() => uniqueAcknowledged() === 250, 60_000, 'the first 250');
      await stopWorker();
      const recordedFirst = await recordedCount();
      // Behind the 250 delivered (the record lags), by at most WEBHOOK_CHECKPOINT_EVERY.
      expect(recordedFirst).toBeGreaterThanOrEqual(150);
      expect(recordedFirst).toBeLessThan(250);

      // Another history's position, ahead of the record: stamped with another storeId.
      await append(250, 350);
      expect(await redis.hget(stateKey, 'storeId')).toBe(await store.storeId());
      await redis.hset(stateKey, {
        storeId: randomUUID(),
        checkpoint: positions.get(expected[299])!.toString(),
      });
      let watch = watchBoard();
      await startWorker(settings);
      await eventually(() => uniqueAcknowledged() === 350, 60_000, 'all 350 after the foreign position');
      expect(firstArrivals(receiver.calls)).toEqual(expected.slice(0, 350));
      // Resumed from the record: the ones delivered after it are the only repeats (the position in Redis skipped 50 more).
      expect(repeats(receiver.calls)).toBe(250 - recordedFirst);
      expect(await redis.hget(stateKey, 'storeId')).toBe(await store.storeId());
      expect(await watch.stop()).toMatch(/recorded for store .* but the store is/);

      // A position beyond the head, while the worker runs (each turn checks).
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the turn that caught up awaited its record
      const callsBefore = receiver.calls.length;
      const recordedSecond = await recordedCount();
      expect(recordedSecond).toBeGreaterThan(250);
      watch = watchBoard();
      await redis.hset(stateKey, 'checkpoint', ((await store.headPosition()) + 1_000_000n).toString());
      await append(350, 400);
      await eventually(
        () => uniqueAcknowledged() === 400,
        60_000,
        'all 400 after the position beyond the head',
      );
      expect(firstArrivals(receiver.calls)).toEqual(expected);
      // Resumed from the record: the ones after it again, then the 50 new ones.
      expect(receiver.calls.length - callsBefore).toBe(350 - recordedSecond + 50);
      expect(await watch.stop()).toMatch(/beyond the store's head/);
      expect(await verifyStream(store, `subscription-${id}`)).toMatchObject({ valid: true });
      await eventually(
        async () => !(await board.list()).some((recovery) => recovery.component === 'webhooks'),
        30_000,
        'the recovery to end',
      );
    } finally {
      await stopWorker();
      await receiver.close();
    }
  });
});
