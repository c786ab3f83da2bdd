/**
 * bench:projections, the part about long customer histories (issue 9): a skewed data set
 * (Zipf-like: 1% of the customers hold half the events, the largest BENCH_SKEW_LARGEST,
 * default 50,000) against a uniform one of the same size and event mix, caught up by every
 * projection in the same run; then the CPU one more event costs (this process and Redis) for
 * a customer with about 10, 1,000 and the largest number of prior events.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventToAppend, RecordedEvent } from '@cl/event-store';
import { projectionKeys, type AfterCommit } from '@cl/projections';
import { benchRunners } from './runners';
import { PROJECTIONS } from '@cl/read-models';
import { makeTempDir } from '../test/support/temp-dir';

const DAY = 86_400_000;
/** Per 8 events of a customer: one complaint (filed, resolved, call-back, survey) and 4 purchases. */
const UNIT = 8;

export interface SkewOptions {
  events: number;
  customers: number;
  largest: number;
  /** Events appended and measured per customer in the per-event figure. */
  probes: number;
  redisCpuSeconds: () => Promise<number>;
}

/**
 * Sizes of the skewed set: the largest customer `largest`, the rest of the hottest 1%
 * Zipf-like (1/k) over half the events; the other 99% over the other half, one of them with
 * 1,000 events and one with 10 (the per-event probes), the others alike.
 */
function skewedSizes({ events, customers, largest }: SkewOptions): number[] {
  const hot = Math.max(2, Math.round(customers / 100));
  const hotShare = events / 2 - largest;
  const weights = Array.from({ length: hot - 1 }, (_, k) => 1 / (k + 2));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = [largest, ...weights.map((weight) => Math.max(UNIT, Math.round((hotShare * weight) / sum)))];
  const cold = customers - hot;
  const coldShare = events - sizes.reduce((a, b) => a + b, 0) - 1000 - 10;
  const each = Math.max(UNIT, Math.floor(coldShare / (cold - 2)));
  sizes.push(1000, 10, ...Array.from({ length: cold - 2 }, () => each));
  return sizes;
}

/** The events of customer `c` with `size` events, oldest first, over `span` ms ending an hour before `now`. */
function customerEvents(
  c: number,
  size: number,
  now: number,
  unit = 0,
  span = 700 * DAY,
): { streamId: string; events: EventToAppend[] }[] {
  const appends: { streamId: string; events: EventToAppend[] }[] = [];
  const units = Math.ceil(size / UNIT);
  const iso = (ms: number) => new Date(ms).toISOString();
  const customerId = `CU-${c}`;
  for (let u = 0; u < units; u++) {
    const start = now - 3_600_000 - span + Math.floor(((u + 1) * span) / (units + 1));
    const step = Math.floor(span / (units + 1) / 10);
    const complaintId = `K-${c}-${unit + u}`;
    appends.push({
      streamId: `complaint-${complaintId}`,
      events: [
        {
          type: 'ComplaintFiled',
          data: {
            complaintId,
            customerId,
            channel: 'web',
            category: ['billing', 'delivery', 'quality', 'service'][u % 4],
            severity: 'high',
            description: 'Charged twice',
            resolutionDueAt: iso(start + DAY),
          },
          metadata: { occurredAt: iso(start) },
        },
        {
          type: 'ComplaintResolved',
          data: {
            resolutionType: 'refund',
            summary: 'Refunded',
            onTheSpot: false,
            resolvedBy: 'a',
            callbackDueAt: iso(start + 2 * DAY),
          },
          metadata: { occurredAt: iso(start + step) },
        },
        {
          type: 'CallbackRecorded',
          data: { reached: true, attitude: 'satisfied' },
          metadata: { occurredAt: iso(start + 2 * step) },
        },
        {
          type: 'SatisfactionRecorded',
          data: { respondent: { contactId: 'P', role: 'primary' }, score: 1 + (u % 5) },
          metadata: { occurredAt: iso(start + 3 * step) },
        },
      ],
    });
    for (let p = 0; p < 4; p++) {
      appends.push({
        streamId: `customer-${customerId}`,
        events: [
          {
            type: 'PurchaseRecorded',
            data: { orderId: `O-${unit + u}-${p}`, amount: 10 + ((u * 7 + p) % 90) + 0.25, currency: 'EUR' },
            metadata: { occurredAt: iso(start + (4 + p) * step) },
          },
        ],
      });
    }
  }
  return appends;
}

/** Appends every customer's events, interleaved so that every batch mixes customers, as they would arrive. */
async function generate(
  store: SqliteEventStore,
  sizes: number[],
  now: number,
  label: string,
): Promise<number> {
  const perCustomer = sizes.map((size, c) => customerEvents(c, size, now));
  const cursors = perCustomer.map(() => 0);
  let appended = 0;
  let live = perCustomer.map((_, c) => c);
  let seed = 7;
  while (live.length > 0) {
    const appends: Promise<unknown>[] = [];
    for (let n = 0; n < 500 && live.length > 0; n++) {
      // Weighted by what is left, so the hot customers are in every batch.
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const c = live[seed % live.length];
      const hot = perCustomer[c].length > 100 ? Math.ceil(perCustomer[c].length / 2000) : 1;
      for (let k = 0; k < hot && cursors[c] < perCustomer[c].length; k++) {
        const { streamId, events } = perCustomer[c][cursors[c]++];
        appends.push(store.appendToStream(streamId, events));
        appended += events.length;
      }
    }
    await Promise.all(appends);
    live = live.filter((c) => cursors[c] < perCustomer[c].length);
    process.stdout.write(`\r  generating the ${label} set: ${appended.toLocaleString('en')} events`);
  }
  process.stdout.write('\n');
  return appended;
}

async function catchUp(
  store: SqliteEventStore,
  redis: Redis,
  prefix: string,
  options: SkewOptions,
  label: string,
) {
  const head = await store.headPosition();
  const runner = benchRunners(store, redis, prefix, PROJECTIONS);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const redisCpu = await options.redisCpuSeconds();
  runner.start();
  while ((await runner.checkpoint()) < head) {
    process.stdout.write(
      `\r  catch-up of the ${label} set: ${(await runner.checkpoint()).toLocaleString('en')} / ${head.toLocaleString('en')}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const redisUsed = (await options.redisCpuSeconds()) - redisCpu;
  await runner.stop();
  process.stdout.write('\n');
  const events = Number(head);
  return {
    rate: events / seconds,
    processUs: (used.user + used.system) / events,
    redisUs: (redisUsed * 1e6) / events,
  };
}

/**
 * The CPU of one more event for customer `c`, applied one event per batch as live traffic
 * is (every projection's writes in one MULTI, then their after-commit work): this process and Redis.
 */
async function perEventCpu(
  store: SqliteEventStore,
  redis: Redis,
  prefix: string,
  c: number,
  options: SkewOptions,
): Promise<{ processUs: number; redisUs: number; events: number }> {
  const now = Date.now();
  // After every event the customer had: over the last ten minutes, as live traffic.
  const appends = customerEvents(c, options.probes, now + 3_600_000, 1_000_000, 600_000);
  const before = await store.headPosition();
  for (const { streamId, events } of appends) await store.appendToStream(streamId, events);
  const events: RecordedEvent[] = await store.readAll({ after: before, maxCount: 100_000 });
  const keyPrefixes = PROJECTIONS.map((projection) => projectionKeys(prefix, projection.name).readModel('0'));
  const cpu = process.cpuUsage();
  const redisCpu = await options.redisCpuSeconds();
  for (const event of events) {
    const tx = redis.multi();
    // Each projection's work after the commit, with the range of its commands in the MULTI.
    const then: [AfterCommit, number, number][] = [];
    const before = tx.length;
    for (const [index, projection] of PROJECTIONS.entries()) {
      if (projection.eventTypes && !projection.eventTypes.includes(event.type)) continue;
      const start = tx.length - before;
      const after = await projection.project([event], { redis, tx, keyPrefix: keyPrefixes[index] });
      if (after) then.push([after, start, tx.length - before]);
    }
    const replies = (await tx.exec())!.map(([, reply]) => reply);
    await Promise.all(then.map(([work, start, end]) => work(replies.slice(start, end))));
  }
  const used = process.cpuUsage(cpu);
  const redisUsed = (await options.redisCpuSeconds()) - redisCpu;
  return {
    processUs: (used.user + used.system) / events.length,
    redisUs: (redisUsed * 1e6) / events.length,
    events: events.length,
  };
}

export async function benchSkewedHistories(redis: Redis, options: SkewOptions): Promise<string[]> {
  const dir = makeTempDir('bench-skew');
  const now = Date.now();
  const sizes = skewedSizes(options);
  const total = sizes.reduce((a, b) => a + b, 0);
  const uniform = Array.from({ length: options.customers }, () =>
    Math.max(UNIT, Math.round(total / options.customers)),
  );
  const hot = sizes.slice(0, Math.round(options.customers / 100)).reduce((a, b) => a + b, 0);
  console.log(
    `\nskewed histories: ${options.customers.toLocaleString('en')} customers, ${total.toLocaleString('en')} events; the hottest 1% hold ${((100 * hot) / total).toFixed(0)}%, the largest ${sizes[0].toLocaleString('en')}`,
  );
  const prefixes = {
    skewed: `bench-${randomUUID().slice(0, 8)}`,
    uniform: `bench-${randomUUID().slice(0, 8)}`,
  };
  const stores = {
    skewed: SqliteEventStore.open({ path: join(dir.path, 'skewed.db') }),
    uniform: SqliteEventStore.open({ path: join(dir.path, 'uniform.db') }),
  };
  try {
    await generate(stores.uniform, uniform, now, 'uniform');
    await generate(stores.skewed, sizes, now, 'skewed');
    const uniformRun = await catchUp(stores.uniform, redis, prefixes.uniform, options, 'uniform');
    const skewedRun = await catchUp(stores.skewed, redis, prefixes.skewed, options, 'skewed');
    const probes = [
      { label: '~10', c: sizes.indexOf(10) },
      { label: '~1,000', c: sizes.indexOf(1000) },
      { label: sizes[0].toLocaleString('en'), c: 0 },
    ];
    const perEvent = [];
    for (const probe of probes) {
      perEvent.push({
        ...probe,
        ...(await perEventCpu(stores.skewed, redis, prefixes.skewed, probe.c, options)),
      });
    }
    const lines = [
      `catch-up, all projections, uniform (${Math.round(total / options.customers)} events per customer): ${Math.round(uniformRun.rate).toLocaleString('en')} events/s (this process ${uniformRun.processUs.toFixed(1)} µs, Redis ${uniformRun.redisUs.toFixed(1)} µs per event)`,
      `catch-up, all projections, skewed: ${Math.round(skewedRun.rate).toLocaleString('en')} events/s (this process ${skewedRun.processUs.toFixed(1)} µs, Redis ${skewedRun.redisUs.toFixed(1)} µs per event) = ${((100 * skewedRun.rate) / uniformRun.rate).toFixed(0)}% of uniform   (target >= 90%)`,
    ];
    const totals = perEvent.map((p) => p.processUs + p.redisUs);
    for (const p of perEvent) {
      lines.push(
        `one more event, one per batch, customer with ${p.label} prior events: this process ${p.processUs.toFixed(0)} µs + Redis ${p.redisUs.toFixed(0)} µs (${p.events} events)`,
      );
    }
    lines.push(
      `  largest / smallest of the three: ${(Math.max(...totals) / Math.min(...totals)).toFixed(2)}x   (target within 2x)`,
    );
    return lines;
  } finally {
    await stores.skewed.close();
    await stores.uniform.close();
    const { deleteRedisKeys } = await import('../test/support/test-app');
    for (const prefix of Object.values(prefixes))
      await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  }
}
