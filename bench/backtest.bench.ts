/**
 * bench:backtest: GET /analytics/early-warning/backtest's work (EarlyWarningBacktestQuery) at
 * 12 asOf instants over BENCH_CUSTOMERS customers (default 100,000) with two years of
 * generated history each (purchases, complaints resolved or left open, call-backs, surveys,
 * reopenings), beside the early-warning list's scan at one asOf (the same reading and scoring
 * of every customer, once) as its ceiling, and the process's peak RSS. Targets (issue 29):
 * within 30 s, under 1 GiB.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { seeded } from '@cl/domain';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventToAppend } from '@cl/event-store';
import { activeReadModelPrefix } from '@cl/projections';
import { customerRiskProjection, CustomerRiskQuery, EarlyWarningBacktestQuery } from '@cl/read-models';
import { makeTempDir } from '../test/support/temp-dir';
import { deleteRedisKeys } from '../test/support/test-app';
import { benchRunners } from './runners';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
/** The history runs over 2024 and 2025. */
const START = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
/** The first day of each month from October 2024 to September 2025: each horizon ends inside the history. */
const AS_OF = Array.from({ length: 12 }, (_, month) => Date.UTC(2024, 9 + month, 1));
const HORIZON_DAYS = 90;

/** One customer's streams: its purchases, and each complaint's events in order. */
function customerHistory(index: number, random: () => number): [stream: string, events: EventToAppend[]][] {
  const customerId = `CU-${index}`;
  const streams: [string, EventToAppend[]][] = [];
  // Buys every `gap` days from a start in the first months until it stops (some never do).
  const gap = 20 + Math.floor(random() * 100);
  const stopsAt = random() < 0.4 ? START + Math.floor(random() * 730) * DAY : Infinity;
  const purchases: EventToAppend[] = [];
  for (let at = START + Math.floor(random() * 90) * DAY; at < Math.min(stopsAt, START + 730 * DAY);) {
    purchases.push({
      type: 'PurchaseRecorded',
      data: { orderId: `O-${purchases.length}`, amount: 10 + Math.floor(random() * 200), currency: 'EUR' },
      metadata: { occurredAt: iso(at) },
    });
    at += Math.floor(gap * (0.5 + random())) * DAY;
  }
  streams.push([`customer-${customerId}`, purchases]);
  const complaints = random() < 0.5 ? 0 : random() < 0.7 ? 1 : 2 + Math.floor(random() * 3);
  for (let c = 0; c < complaints; c++) {
    const complaintId = `K-${index}-${c}`;
    const filedAt = START + Math.floor(random() * 700) * DAY + 9 * 3_600_000;
    const events: EventToAppend[] = [
      {
        type: 'ComplaintFiled',
        data: {
          complaintId,
          customerId,
          channel: 'web',
          category: 'billing',
          severity: 'high',
          description: 'd',
          resolutionDueAt: iso(filedAt + DAY),
        },
        metadata: { occurredAt: iso(filedAt) },
      },
    ];
    if (random() < 0.9) {
      const resolvedAt = filedAt + Math.floor(random() * 72) * 3_600_000;
      events.push({
        type: 'ComplaintResolved',
        data: {
          resolutionType: 'refund',
          summary: 's',
          onTheSpot: false,
          resolvedBy: 'a',
          callbackDueAt: iso(resolvedAt + DAY),
        },
        metadata: { occurredAt: iso(resolvedAt) },
      });
      if (random() < 0.1) {
        events.push({
          type: 'ComplaintReopened',
          data: { reason: 'r', resolutionDueAt: iso(resolvedAt + 2 * DAY) },
          metadata: { occurredAt: iso(resolvedAt + DAY) },
        });
        events.push({
          type: 'ComplaintResolved',
          data: {
            resolutionType: 'refund',
            summary: 's',
            onTheSpot: false,
            resolvedBy: 'a',
            callbackDueAt: iso(resolvedAt + 3 * DAY),
          },
          metadata: { occurredAt: iso(resolvedAt + 2 * DAY) },
        });
      }
      const reached = random() < 0.8;
      const attitude = ['satisfied', 'neutral', 'dissatisfied'][Math.floor(random() * 3)];
      events.push({
        type: 'CallbackRecorded',
        data: reached ? { reached, attitude } : { reached },
        metadata: { occurredAt: iso(resolvedAt + 4 * DAY) },
      });
      if (random() < 0.6) {
        events.push({
          type: 'SatisfactionRecorded',
          data: { respondent: { contactId: 'P', role: 'primary' }, score: 1 + Math.floor(random() * 5) },
          metadata: { occurredAt: iso(resolvedAt + 5 * DAY) },
        });
      }
    }
    streams.push([`complaint-${complaintId}`, events]);
  }
  return streams;
}

async function generate(store: SqliteEventStore): Promise<number> {
  const random = seeded(29);
  let total = 0;
  const started = Date.now();
  for (let from = 0; from < CUSTOMERS; from += 1000) {
    const appends = [];
    for (let index = from; index < Math.min(from + 1000, CUSTOMERS); index++) {
      for (const [stream, events] of customerHistory(index, random)) {
        if (events.length === 0) continue;
        total += events.length;
        appends.push(store.appendToStream(stream, events));
      }
    }
    await Promise.all(appends);
    process.stdout.write(
      `\r  generating: ${Math.min(from + 1000, CUSTOMERS).toLocaleString('en')} customers, ${total.toLocaleString('en')} events`,
    );
  }
  process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  return total;
}

async function main() {
  const dir = makeTempDir('bench-backtest');
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    console.log(
      `bench:backtest — ${CUSTOMERS.toLocaleString('en')} customers, 12 asOf, horizon ${HORIZON_DAYS} days`,
    );
    const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
    const events = await generate(store);
    const head = await store.headPosition();
    const runner = benchRunners(store, redis, prefix, [customerRiskProjection]);
    const catchUpStarted = performance.now();
    runner.start();
    for (;;) {
      const checkpoint = await runner.checkpoint();
      process.stdout.write(
        `\r  customer-risk read model: ${checkpoint.toLocaleString('en')} / ${head.toLocaleString('en')}`,
      );
      if (checkpoint >= head) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await runner.stop();
    await store.close();
    process.stdout.write(`  (${((performance.now() - catchUpStarted) / 1000).toFixed(0)} s)\n`);

    const riskPrefix = await activeReadModelPrefix(redis, prefix, customerRiskProjection.name);
    const keyPrefix = () => Promise.resolve(riskPrefix);
    const risks = new CustomerRiskQuery(redis, keyPrefix);
    const backtests = new EarlyWarningBacktestQuery(redis, keyPrefix);

    // The ceiling: the list's scan at one asOf (every history read and scored once), its median of 3.
    const scans: number[] = [];
    for (const asOf of AS_OF.slice(0, 3)) {
      const begin = performance.now();
      await risks.ranked(asOf, 'none', 100);
      scans.push(performance.now() - begin);
    }
    const scan = [...scans].sort((a, b) => a - b)[1];

    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const begin = performance.now();
    const backtest = await backtests.backtest(AS_OF, HORIZON_DAYS);
    const seconds = (performance.now() - begin) / 1000;
    const backtestPeak = Math.max(peakRss, process.memoryUsage().rss);

    const rows = backtest.suggested.rows;
    console.log(
      `\n${events.toLocaleString('en')} events; ${rows.toLocaleString('en')} (asOf, customer) rows`,
    );
    for (const result of backtest.results) {
      console.log(
        `  ${result.asOf.slice(0, 10)}: ${result.customers.toLocaleString('en')} customers, loss rate ${result.lossRate?.toFixed(3)}, AUC ${result.auc?.toFixed(3)}, top-decile lift ${result.topDecile.lift?.toFixed(2)}`,
      );
    }
    console.log(
      `  suggested points ${JSON.stringify(backtest.suggested.points)}, AUC ${backtest.suggested.auc?.toFixed(3)} against ${backtest.suggested.configuredAuc?.toFixed(3)} (in-sample)`,
    );
    console.log('\nfigure                                              value          ceiling        target');
    console.log(
      `backtest, 12 asOf over ${CUSTOMERS.toLocaleString('en')} customers   ${seconds.toFixed(1).padStart(8)} s   ${((12 * scan) / 1000).toFixed(1).padStart(8)} s (12 x ${(scan / 1000).toFixed(2)} s list scan)   <= 30 s`,
    );
    console.log(
      `  peak RSS of this process during it         ${(backtestPeak / 2 ** 20).toFixed(0).padStart(6)} MiB  (${(rssBefore / 2 ** 20).toFixed(0)} MiB before)        < 1024 MiB`,
    );
    console.log(seconds <= 30 && backtestPeak < 2 ** 30 ? 'backtest targets met' : 'TARGET MISSED');
  } finally {
    clearInterval(sampler);
    await deleteRedisKeys(REDIS_URL, prefix);
    redis.disconnect();
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
