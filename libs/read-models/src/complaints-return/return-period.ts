import { dayNumberOf, ZoneClock } from '@cl/service-levels';

/** `YYYY-H1`, `YYYY-H2`, `YYYY-Q1` to `YYYY-Q4`, or `YYYY` (a calendar year). */
export const RETURN_PERIOD_PATTERN = /^(\d{4})(?:-(H[12]|Q[1-4]))?$/;

export const RETURN_PERIOD_RULE = 'must be YYYY-H1, YYYY-H2, YYYY-Q1 to YYYY-Q4 or YYYY, e.g. 2026-H1';

/** The first month (1-12) of each part of a year, and the month after its last. */
const MONTHS: Record<string, [number, number]> = {
  H1: [1, 7],
  H2: [7, 13],
  Q1: [1, 4],
  Q2: [4, 7],
  Q3: [7, 10],
  Q4: [10, 13],
  year: [1, 13],
};

/**
 * The instants [from, to) of a return period (RETURN_PERIOD_PATTERN): the midnights that
 * start its first local date and the local date after its last, in `timezone` (an IANA zone;
 * the policy's, UTC without a policy). Undefined when `period` is not one.
 */
export function returnPeriodBounds(
  period: string,
  timezone: string,
): { from: string; to: string } | undefined {
  const match = RETURN_PERIOD_PATTERN.exec(period);
  if (!match) return undefined;
  const [first, after] = MONTHS[match[2] ?? 'year'];
  const clock = new ZoneClock(timezone);
  const firstDayOf = (month: number) => dayNumberOf(`${match[1]}-${String(month).padStart(2, '0')}-01`);
  const midnightOf = (day: number) => new Date(clock.firstInstantAt(day, 0)).toISOString();
  return {
    from: midnightOf(firstDayOf(first)),
    // 1 January of the next year: 31 days after 1 December (no 5-digit year to parse for 9999).
    to: midnightOf(after === 13 ? firstDayOf(12) + 31 : firstDayOf(after)),
  };
}
