/**
 * bench:sla: deadline computations per second over a year-long calendar, beside ceilings
 * measured in the same run: luxon's own DateTime.plus (a time-zone-aware step of the same
 * library) and plain `start + N hours` arithmetic. Two policies: the example of
 * service-levels.md (Asia/Shanghai, holidays, a make-up workday, a lunch break) and a UK
 * firm (Europe/London, daylight saving). Starts are random over 2026; BENCH_SECONDS (default 2)
 * per figure. Also: the time to build a year of calendar (the first computation pays it).
 */
import { DateTime } from 'luxon';
import { BusinessCalendar, dueAt, parseServiceLevelPolicy, type Target } from '@cl/service-levels';
import { EXAMPLE_POLICY } from '../test/service-levels/example-policy';

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

console.log(`bench:sla, ${SECONDS} s per figure, starts random over 2026`);
benchPolicy('example policy of service-levels.md', EXAMPLE_POLICY);
benchPolicy('UK firm', UK_POLICY);
if (sink === 0.5) console.log(sink);
