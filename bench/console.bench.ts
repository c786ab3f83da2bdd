/**
 * bench:console: the console's funnel view in Debian's Chromium on a data set of demo size
 * (BENCH_CUSTOMERS customers, default 3,000, about two complaints each over a year, with
 * resolutions, call-backs, surveys and purchases), against the service as `npm start` runs it.
 * Figures (median of BENCH_RUNS page loads, default 7, and the first, cold one):
 * - the funnel view's first paint and the time until its numbers are on the page (target: first
 *   paint under 1 s);
 * - the ceiling, measured in the same run: the same server's static console page (signed out,
 *   no API call) to its first paint and to its sign-in form; and the funnel's JSON alone,
 *   fetched from Node.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { appendChained } from '../test/support/chained-events';
import { CHROMIUM_AVAILABLE, CHROMIUM_PATH, launchChromium } from '../test/support/chromium';
import { API_KEYS, TOKENS } from '../test/support/http-client';
import { startServiceProcess } from '../test/support/service-process';
import { makeTempDir } from '../test/support/temp-dir';
import { deleteRedisKeys } from '../test/support/test-app';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 3000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FROM = '2026-01-01';
const TO = '2027-01-01';

const at = (day: number, hours: number) =>
  new Date(Date.UTC(2026, 0, 1 + day) + hours * 3_600_000).toISOString();

/** Customer c's complaints (one to three) with their lives, and two or three purchases. */
async function generate(store: SqliteEventStore): Promise<number> {
  let events = 0;
  const started = Date.now();
  const write = async (c: number) => {
    const customerId = `CU-${c}`;
    const purchases = [
      {
        type: 'PurchaseRecorded',
        data: { orderId: `O-${c}-0`, amount: 20 + (c % 200), currency: 'EUR' },
        occurredAt: at(c % 300, 12),
      },
    ];
    for (let k = 0; k < 1 + (c % 3); k++) {
      const i = c * 3 + k;
      const day = (c * 7 + k * 61) % 330;
      const speed = i % 5; // unresolved, on the spot, within a day, within three days, slower
      const resolvedAfter = [0, 0.5, 20, 60, 120][speed];
      const complaint: { type: string; data: object; occurredAt: string }[] = [
        {
          type: 'ComplaintFiled',
          data: {
            complaintId: `K-${i}`,
            customerId,
            channel: ['web', 'phone', 'email', 'store'][i % 4],
            category: ['billing', 'delivery', 'quality', 'service'][i % 4],
            severity: ['low', 'medium', 'high'][i % 3],
            description: 'Generated for bench:console',
            branchId: `BR-${i % 40}`,
            productId: `P-${i % 25}`,
            orderId: null,
            followUpOf: null,
            resolutionDueAt: at(day + 2, 9),
          },
          occurredAt: at(day, 9),
        },
      ];
      if (speed > 0) {
        complaint.push(
          {
            type: 'ComplaintResolved',
            data: {
              resolutionType: 'refund',
              summary: 'Refunded',
              onTheSpot: speed === 1,
              resolvedBy: 'agent-bench',
              callbackDueAt: at(day + 4, 9),
            },
            occurredAt: at(day, 9 + resolvedAfter),
          },
          {
            type: 'CallbackRecorded',
            data: { reached: i % 4 !== 0, ...(i % 4 !== 0 && { attitude: 'satisfied' }) },
            occurredAt: at(day + 3, 10),
          },
          {
            type: 'SatisfactionRecorded',
            data: { respondent: { contactId: `${customerId}-P`, role: 'primary' }, score: 1 + (i % 5) },
            occurredAt: at(day + 3, 12),
          },
        );
        if ((c + k) % 2 === 0) {
          purchases.push({
            type: 'PurchaseRecorded',
            data: { orderId: `O-${c}-${k + 1}`, amount: 35, currency: 'EUR' },
            occurredAt: at(day + 10 + (i % 60), 12),
          });
        }
      }
      await appendChained(store, `complaint-K-${i}`, complaint);
      events += complaint.length;
    }
    purchases.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    await appendChained(store, `customer-${customerId}`, purchases);
    events += purchases.length;
  };
  for (let from = 0; from < CUSTOMERS; from += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, CUSTOMERS - from) }, (_, index) => write(from + index)),
    );
    process.stdout.write(
      `\r  generating: ${Math.min(from + 250, CUSTOMERS)} / ${CUSTOMERS} customers, ${events} events`,
    );
  }
  process.stdout.write(` (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return events;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

async function main(): Promise<void> {
  if (!CHROMIUM_AVAILABLE) {
    console.log(
      `notice: ${CHROMIUM_PATH} is missing: bench:console needs Debian's chromium (run it as root to install it).`,
    );
    return;
  }
  const dir = makeTempDir('bench-console');
  const prefix = `bench-console-${randomUUID().slice(0, 8)}`;
  const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
  console.log(
    `bench:console: ${CUSTOMERS} customers (BENCH_CUSTOMERS), ${RUNS} page loads per figure (BENCH_RUNS)`,
  );
  const events = await generate(store);
  await store.close();
  const service = await startServiceProcess({
    DATA_DIR: dir.path,
    REDIS_PREFIX: prefix,
    API_KEYS,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const browser = await launchChromium();
  try {
    for (;;) {
      const health = (await service.http('GET', '/health', { token: null })).body;
      const lags = Object.values(health?.projections ?? {}).map(
        (projection) => (projection as { lag: number }).lag,
      );
      process.stdout.write(
        `\r  projections catching up: ${lags.length ? Math.max(...lags) : '?'} events behind   `,
      );
      if (lags.length > 0 && lags.every((lag) => lag === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    process.stdout.write('\n');
    const funnelQuery = `from=${FROM}T00:00:00Z&to=${TO}T00:00:00Z&groupBy=resolutionSpeed&repurchaseWindowDays=90`;
    const report = (await service.http('GET', `/analytics/funnel?${funnelQuery}`, { token: TOKENS.analyst }))
      .body;
    const filed = report.groups.reduce((sum: number, group: { filed: number }) => sum + group.filed, 0);
    console.log(
      `  data: ${events} events, ${filed} complaints in the funnel's period, ${report.groups.length} groups`,
    );

    const { context } = browser;
    const page = await context.newPage();
    const paint = () =>
      page.evaluate(() => ({
        firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        now: performance.now(),
      }));
    const load = async (url: string, ready: string) => {
      await page.goto('about:blank');
      await page.goto(url);
      await page.waitForSelector(ready);
      return paint();
    };

    const ceiling: { firstPaint: number; now: number }[] = [];
    await context.clearCookies();
    for (let run = 0; run < RUNS; run++)
      ceiling.push(await load(`${service.url}/console/`, '#sign-in:not([hidden])'));

    await page.evaluate(
      (token) =>
        fetch('/console/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        }),
      TOKENS.analyst,
    );
    const funnel: { firstPaint: number; now: number }[] = [];
    const url = `${service.url}/console/#funnel?from=${FROM}&to=${TO}&groupBy=resolutionSpeed&window=90`;
    for (let run = 0; run < RUNS; run++) funnel.push(await load(url, '#funnel-table'));

    const json: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await service.http('GET', `/analytics/funnel?${funnelQuery}`, { token: TOKENS.analyst });
      json.push(performance.now() - started);
    }

    const line = (name: string, values: number[]) =>
      console.log(`  ${name.padEnd(58)} median ${ms(median(values))}   first (cold) ${ms(values[0])}`);
    console.log(
      '\nfigure                                                       (each from navigation start)',
    );
    line(
      'funnel view: first paint (target < 1000 ms)',
      funnel.map((run) => run.firstPaint),
    );
    line(
      "funnel view: the funnel's numbers on the page",
      funnel.map((run) => run.now),
    );
    console.log('ceiling, same server, same run:');
    line(
      'static console page (signed out): first paint',
      ceiling.map((run) => run.firstPaint),
    );
    line(
      'static console page (signed out): sign-in form shown',
      ceiling.map((run) => run.now),
    );
    line('GET /analytics/funnel JSON alone (from Node, no browser)', json);
    const firstPaint = median(funnel.map((run) => run.firstPaint));
    console.log(
      `\nfunnel first paint ${firstPaint < 1000 ? 'meets' : 'MISSES'} the 1 s target (${firstPaint.toFixed(0)} ms)`,
    );
  } finally {
    await browser.close();
    service.server.child.kill('SIGTERM');
    await service.server.exited();
    await deleteRedisKeys(REDIS_URL, prefix);
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
