import fc from 'fast-check';
import {
  BusinessCalendar,
  dayNumberOf,
  dueAt,
  dueAfterResume,
  timeLeftMs,
  WEEKDAYS,
  type CalendarPolicy,
  type OpeningInterval,
  type Weekday,
} from '@cl/service-levels';
import { nextDate, ReferenceCalendar } from './reference-calendar';

/**
 * Every deadline function of libs/service-levels against ReferenceCalendar (a minute-by-minute
 * walk of the zone's clock) over random calendars, starts, holidays and make-up workdays,
 * near daylight-saving changes: Europe/London (last Sunday of March and October, 01:00 UTC),
 * America/Santiago (clocks change at local midnight, so some dates start at 01:00),
 * Australia/Lord_Howe (half-hour changes) and Asia/Shanghai (none; 调休 workdays).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Dates around which starts are drawn: the zones' changes of the clocks in 2026-2027, and a plain week. */
const INTERESTING_DATES: Record<string, string[]> = {
  'Europe/London': ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
  'America/Santiago': ['2026-04-05', '2026-09-06', '2027-04-04', '2027-09-05'],
  'Australia/Lord_Howe': ['2026-04-05', '2026-10-04'],
  'Asia/Shanghai': ['2026-10-01', '2026-02-17', '2026-05-01'],
  UTC: ['2026-12-31'],
};

/** Opening intervals of a day on half-hour boundaries (so that they meet the clock changes), 24:00 included. */
const dayIntervals: fc.Arbitrary<OpeningInterval[]> = fc
  .uniqueArray(
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 48 }), weight: 1 },
      // Mostly near midnight and 00:00-03:00, where the clocks change.
      { arbitrary: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 46, 47, 48), weight: 3 },
    ),
    { maxLength: 6 },
  )
  .map((bounds) => {
    const sorted = bounds.sort((a, b) => a - b);
    const intervals: OpeningInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      intervals.push({ start: sorted[i] * 30, end: sorted[i + 1] * 30 });
    return intervals;
  });

const week: fc.Arbitrary<Record<Weekday, OpeningInterval[]>> = fc
  .tuple(...WEEKDAYS.map(() => dayIntervals))
  .map(
    (days) =>
      Object.fromEntries(WEEKDAYS.map((day, i) => [day, days[i]])) as Record<Weekday, OpeningInterval[]>,
  )
  .filter((days) => WEEKDAYS.some((day) => days[day].length > 0));

interface Scenario {
  policy: CalendarPolicy;
  start: number;
  /** The interesting date the start was drawn around. */
  around: string;
  /** The calendar's block size: small ones make deadlines cross many blocks. */
  blockDays: number;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (date: string): Weekday => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];

/** A random calendar in one of the zones, a start near an interesting date, holidays and workdays after it. */
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    timezone: fc.oneof(
      { arbitrary: fc.constant('Europe/London'), weight: 4 },
      { arbitrary: fc.constantFrom(...Object.keys(INTERESTING_DATES)), weight: 3 },
    ),
    week,
    pick: fc.nat(),
    // Mostly before the interesting date, so that deadlines cross it.
    startOffsetMs: fc.integer({ min: -3 * DAY_MS, max: DAY_MS }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -2, max: 30 }), { maxLength: 8 }),
    workdayOffsets: fc.uniqueArray(fc.integer({ min: -2, max: 30 }), { maxLength: 4 }),
    blockDays: fc.constantFrom(1, 3, 64),
    workdayHours: fc.option(
      dayIntervals.filter((intervals) => intervals.length > 0),
      { nil: undefined },
    ),
  })
  .map(({ timezone, week, pick, startOffsetMs, holidayOffsets, workdayOffsets, workdayHours, blockDays }) => {
    const dates = INTERESTING_DATES[timezone];
    const around = dates[pick % dates.length];
    const holidays = holidayOffsets.map((offset) => addDays(around, offset));
    const workdays = workdayOffsets
      .map((offset) => addDays(around, offset))
      .filter((date) => week[weekdayOf(date)].length === 0 && !holidays.includes(date));
    const hoursForWorkdays = workdayHours ?? (week.mon.length > 0 ? undefined : [{ start: 600, end: 900 }]);
    const policy: CalendarPolicy = {
      timezone,
      week,
      holidays,
      workdays,
      ...(hoursForWorkdays && { workdayHours: hoursForWorkdays }),
    };
    return { policy, start: Date.parse(`${around}T12:00:00Z`) + startOffsetMs, around, blockDays };
  });

/** Opening hours of a plain week, to keep amounts within a few weeks of walking. */
const weeklyOpeningMs = (policy: CalendarPolicy) =>
  WEEKDAYS.reduce(
    (sum, day) => sum + policy.week[day].reduce((s, i) => s + (i.end - i.start) * 60_000, 0),
    0,
  );

const calendars = new WeakMap<Scenario, [BusinessCalendar, ReferenceCalendar]>();
function both(scenario: Scenario): [BusinessCalendar, ReferenceCalendar] {
  let pair = calendars.get(scenario);
  if (!pair) {
    pair = [
      new BusinessCalendar(scenario.policy, { blockDays: scenario.blockDays }),
      new ReferenceCalendar(scenario.policy),
    ];
    calendars.set(scenario, pair);
  }
  return pair;
}

describe('deadlines against a minute-by-minute reference', () => {
  it('businessHours: the instant N hours of opening time have passed', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0.0001, max: 2.5, noNaN: true }), (drawn, share) => {
        const { policy, start } = drawn;
        const [calendar, reference] = both(drawn);
        const amountMs = Math.max(1, Math.round(weeklyOpeningMs(policy) * share));
        const hours = amountMs / HOUR_MS;
        expect(dueAt(calendar, { unit: 'businessHours', amount: hours }, start)).toBe(
          reference.addOpeningMs(start, Math.round(hours * HOUR_MS)),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('opening time left between two instants, and the due time after a resume', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.integer({ min: 0, max: 12 * DAY_MS }),
        fc.integer({ min: 0, max: 12 * DAY_MS }),
        (drawn, pauseAfter, resumeAfter) => {
          const { start } = drawn;
          const [calendar, reference] = both(drawn);
          const due = start + pauseAfter + HOUR_MS;
          const pausedAt = start + Math.floor(pauseAfter / 2);
          const left = timeLeftMs(calendar, 'businessHours', due, pausedAt);
          expect(left).toBe(reference.openingMsBetween(pausedAt, due));
          expect(timeLeftMs(calendar, 'businessHours', pausedAt, due)).toBe(0);
          const resumedAt = pausedAt + resumeAfter;
          expect(dueAfterResume(calendar, 'businessHours', left, resumedAt)).toBe(
            reference.addOpeningMs(resumedAt, left),
          );
          expect(timeLeftMs(calendar, 'hours', due, pausedAt)).toBe(due - pausedAt);
          expect(dueAfterResume(calendar, 'hours', due - pausedAt, resumedAt)).toBe(
            resumedAt + due - pausedAt,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('businessDays: the close of the N-th business day after the local date of start', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 12 }), (drawn, n) => {
        const { start } = drawn;
        const [calendar, reference] = both(drawn);
        expect(dueAt(calendar, { unit: 'businessDays', amount: n }, start)).toBe(
          reference.closeOfBusinessDayAfter(reference.localDate(start), n),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('days: the local midnight ending the N-th calendar day after the local date of start', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 40 }), fc.boolean(), (drawn, random, toAround) => {
        const { start, around } = drawn;
        const [calendar, reference] = both(drawn);
        // Half the time, N that ends on the interesting date (a midnight the clocks may skip).
        const toAroundN =
          Math.round((Date.parse(around) - Date.parse(reference.localDate(start))) / DAY_MS) - 1;
        const n = toAround && toAroundN >= 1 ? toAroundN : random;
        let dayAfterTheLast = reference.localDate(start);
        for (let i = 0; i <= n; i++) dayAfterTheLast = nextDate(dayAfterTheLast);
        expect(dueAt(calendar, { unit: 'days', amount: n }, start)).toBe(
          reference.reached(dayAfterTheLast, 0),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('the local date of an instant, and the first instant of a date, as the zone shows them', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: -3 * 1440, max: 3 * 1440 }), (drawn, minutes) => {
        const [calendar, reference] = both(drawn);
        // Minutes either side of the interesting date's midnights, where the clocks may change.
        const at = Date.parse(`${drawn.around}T00:00:00Z`) + minutes * 60_000;
        const date = reference.localDate(at);
        expect(calendar.localDayOf(at)).toBe(dayNumberOf(date));
        expect(calendar.startOfDay(dayNumberOf(date))).toBe(reference.reached(date, 0));
      }),
      { numRuns: 200 },
    );
  });

  it('hours: calendar hours, whatever the calendar', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0.0001, max: 500, noNaN: true }), (drawn, hours) => {
        const { start } = drawn;
        expect(dueAt(both(drawn)[0], { unit: 'hours', amount: hours }, start)).toBe(
          start + Math.round(hours * HOUR_MS),
        );
      }),
      { numRuns: 50 },
    );
  });
});
