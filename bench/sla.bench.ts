/**
 * bench:sla: deadline computations per second over a year-long calendar, beside ceilings
 * measured in the same run: luxon's own DateTime.plus (a time-zone-aware step of the same
 * library) and plain `start + N hours` arithmetic. Two policies: the example of
 * docs/service-levels.md (Asia/Shanghai, holidays, a make-up workday, a lunch break) and a UK
 * firm (Europe/London, daylight saving). Starts are random over 2026; BENCH_SECONDS (default 2)
 * per figure. Also: the time to build a year of calendar (the first computation pays it).
 *
 * Then the complaint view with deadlines over HTTP: GET /complaints/:id of a complaint with
 * every target, acknowledged, paused and resumed, extended twice (the service as npm start runs
 * it, ROLE=api, SLA_POLICY_FILE the example policy, in a process of its own), BENCH_REQUESTS
 * (default 3000) sequential requests, p50/p99 (target p99 < 5 ms), beside a bare NestJS GET
 * route answering the same bytes in a process of its own (the ceiling).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { filingDueTimes, type ServiceLevels } from '@cl/complaints';
import { fromMs } from '@cl/domain';
import {
  BusinessCalendar,
  dueAt,
  parseServiceLevelPolicy,
  policyInForce,
  type Target,
} from '@cl/service-levels';
import { EXAMPLE_POLICY } from '../test/service-levels/example-policy';
import { makeTempDir } from '../test/support/temp-dir';
import { deleteRedisKeys } from '../test/support/test-app';
import { latencies, percentile, startServer, stopServer } from './http-latency';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const HOUR_MS = 3_600_000;
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const starts = Array.from(
  { length: 100_000 },
  () => YEAR_START + Math.floor(Math.random() * 365 * 86_400_000),
);

const UK_POLICY = {
  timezone: 'Europe/London',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']])),
  holidays: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
};

let sink = 0;
/** Calls per second of `compute` over the random starts, for SECONDS. */
function rate(compute: (start: number) => number): number {
  const until = performance.now() + SECONDS * 1000;
  let calls = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) sink += compute(starts[(calls + i) % starts.length]) & 1;
    calls += 1000;
  }
  return calls / SECONDS;
}
const format = (perSecond: number) => Math.round(perSecond).toLocaleString('en').padStart(12);

function benchPolicy(name: string, json: unknown): void {
  const policy = parseServiceLevelPolicy(json);
  const calendar = new BusinessCalendar(policy);
  const built = performance.now();
  calendar.openingMsBetween(YEAR_START, YEAR_START + 366 * 86_400_000);
  const buildMs = performance.now() - built;
  const businessHours: Target = { unit: 'businessHours', amount: 8 };
  const businessDays: Target = { unit: 'businessDays', amount: 5 };
  const zone = policy.timezone;

  console.log(`\n${name} (${zone}): a year of calendar built in ${buildMs.toFixed(1)} ms`);
  const rows: [string, number][] = [
    ['businessHours: 8 (dueAt)', rate((start) => dueAt(calendar, businessHours, start))],
    ['businessDays: 5 (dueAt)', rate((start) => dueAt(calendar, businessDays, start))],
    [
      'opening time between two instants',
      rate((start) => calendar.openingMsBetween(start, start + 5 * 86_400_000)),
    ],
    [
      'ceiling: luxon DateTime.fromMillis(zone).plus({hours: 8})',
      rate((start) => DateTime.fromMillis(start, { zone }).plus({ hours: 8 }).toMillis()),
    ],
    ['ceiling: start + 8 hours (plain arithmetic)', rate((start) => start + 8 * HOUR_MS)],
  ];
  for (const [label, perSecond] of rows) console.log(`  ${label.padEnd(58)} ${format(perSecond)} /s`);
}

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);

/** The complaint view with deadlines over HTTP, beside a bare NestJS GET of the same bytes. */
async function benchView(): Promise<void> {
  const dir = makeTempDir('bench-sla');
  const policyFile = join(dir.path, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(EXAMPLE_POLICY));
  const redisPrefix = `bench-sla-${randomUUID().slice(0, 8)}`;
  // Random high ports, so that two runs on one machine do not meet.
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const service = await startServer('apps/api/src/main.ts', {
    DATA_DIR: dir.path,
    ROLE: 'api',
    PORT: String(port),
    API_KEYS: 'agent:bench-agent-token-0123456789abcdef,admin:bench-admin-token-0123456789abcdef',
    REDIS_PREFIX: redisPrefix,
    SLA_POLICY_FILE: policyFile,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const post = async (path: string, body: object, token = 'bench-agent-token-0123456789abcdef') => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    };
    await post('/complaints', {
      complaintId: 'BENCH-1',
      customerId: 'CU-1',
      channel: 'web',
      category: 'cards',
      severity: 'high',
      description: 'Card blocked',
      occurredAt: '2026-09-25T08:00:00Z',
    });
    const at = (iso: string) => ({ occurredAt: iso });
    await post('/complaints/BENCH-1/acknowledgement', { channel: 'email', ...at('2026-09-25T08:30:00Z') });
    await post('/complaints/BENCH-1/assignment', { agentId: 'agent-7', ...at('2026-09-25T08:31:00Z') });
    await post('/complaints/BENCH-1/pause', { reason: 'awaiting_customer', ...at('2026-09-25T09:00:00Z') });
    await post('/complaints/BENCH-1/resume', at('2026-09-28T02:00:00Z'));
    await post('/complaints/BENCH-1/extension', { reason: 'complex', ...at('2026-09-29T00:00:00Z') });
    await post(
      '/complaints/BENCH-1/extension',
      { reason: 'approved', ...at('2026-09-30T00:00:00Z') },
      'bench-admin-token-0123456789abcdef',
    );
    const headers = { authorization: 'Bearer bench-agent-token-0123456789abcdef' };
    const url = `${base}/complaints/BENCH-1`;
    const body = await (await fetch(url, { headers })).json();
    writeFileSync(join(dir.path, 'view.json'), JSON.stringify(body));
    const barePort = port + 1;
    const bare = await startServer('bench/bare-get.child.ts', {
      PORT: String(barePort),
      BODY_FILE: join(dir.path, 'view.json'),
    });
    const view = await latencies(url, headers, REQUESTS);
    const ceiling = await latencies(`http://127.0.0.1:${barePort}/bare`, {}, REQUESTS);
    await stopServer(bare);
    const ms = (value: number) => `${value.toFixed(2)} ms`;
    console.log(`
complaint view with deadlines (${JSON.stringify(body).length} bytes, 7 events), ${REQUESTS} sequential requests:
  GET /complaints/:id              p50 ${ms(percentile(view, 50))}, p99 ${ms(percentile(view, 99))}   (target p99 < 5 ms)
  bare NestJS GET, same bytes      p50 ${ms(percentile(ceiling, 50))}, p99 ${ms(percentile(ceiling, 99))}   (ceiling)`);
  } finally {
    await stopServer(service);
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', redisPrefix);
    dir.remove();
  }
}

const FILINGS = 200_000;
const FILING_P99_TARGET_US = 10;

/**
 * A filing's service-level computation as the command path runs it (filingDueTimes: the
 * resolve, acknowledge and final-response due times and the close of the third business day),
 * each call timed alone: p50 and p99 in µs, target p99 <= 10 µs (issue 24), beside one luxon
 * time-zone conversion (DateTime.fromMillis in the zone) for scale: a filing made several
 * before the calendar answered local dates from its cached blocks.
 */
function benchFiling(json: unknown): void {
  const levels: ServiceLevels = {
    slaHours: { critical: 4, high: 24, medium: 48, low: 72 },
    callbackDueHours: 24,
    policy: policyInForce(parseServiceLevelPolicy(json)),
  };
  const zone = levels.policy!.policy.timezone;
  const instants = starts.map((start) => fromMs(start));
  const timed = (call: (index: number) => void): Float64Array => {
    for (let i = 0; i < 10_000; i++) call(i % instants.length); // warm: a year of blocks built
    const micros = new Float64Array(FILINGS);
    for (let i = 0; i < FILINGS; i++) {
      const started = performance.now();
      call(i % instants.length);
      micros[i] = (performance.now() - started) * 1000;
    }
    return micros.sort();
  };
  const filing = timed((i) => {
    sink += filingDueTimes('high', instants[i], levels).resolutionDueAt.length & 1;
  });
  const luxon = timed((i) => {
    sink += DateTime.fromMillis(starts[i], { zone }).day & 1;
  });
  const at = (micros: Float64Array, share: number) => micros[Math.floor(micros.length * share)];
  const us = (value: number) => `${value.toFixed(2).padStart(7)} µs`;
  console.log(
    `\nA filing's service-level computation (filingDueTimes, example policy, ${FILINGS.toLocaleString('en')} calls, each timed):`,
  );
  console.log(
    `  filingDueTimes                               p50 ${us(at(filing, 0.5))}   p99 ${us(at(filing, 0.99))}`,
  );
  console.log(
    `  one luxon zone conversion, for scale         p50 ${us(at(luxon, 0.5))}   p99 ${us(at(luxon, 0.99))}`,
  );
  console.log(
    `  filing p99 ${at(filing, 0.99).toFixed(2)} µs (target <= ${FILING_P99_TARGET_US} µs)${at(filing, 0.99) <= FILING_P99_TARGET_US ? '' : '  TARGET MISSED'}`,
  );
}

async function main(): Promise<void> {
  console.log(`bench:sla, ${SECONDS} s per figure, starts random over 2026`);
  benchPolicy('example policy of docs/service-levels.md', EXAMPLE_POLICY);
  benchPolicy('UK firm', UK_POLICY);
  benchFiling(EXAMPLE_POLICY);
  if (sink === 0.5) console.log(sink);
  await benchView();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
