import type { CalendarPolicy, OpeningInterval } from '@cl/service-levels';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * A slow business calendar that is obviously correct, to check BusinessCalendar against.
 * It walks time a UTC minute at a time and reads the zone's clock with Intl.DateTimeFormat
 * (not luxon). Its only rule for daylight saving: the clock "has reached" a local time once it
 * has shown it or anything later, so a skipped local time is reached when the clocks jump
 * past it, and a repeated one the first time it is shown. A minute is open when the latest
 * local time reached lies inside an opening interval of its date. Dates are handled as
 * `YYYY-MM-DD` strings and UTC day arithmetic, independently of the library's day numbers.
 */
export class ReferenceCalendar {
  private readonly clock: Intl.DateTimeFormat;

  constructor(private readonly policy: CalendarPolicy) {
    this.clock = new Intl.DateTimeFormat('en-US', {
      timeZone: policy.timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** The local date the clock shows at an instant. */
  localDate(ms: number): string {
    const [date] = this.reading(ms);
    return date;
  }

  /** The intervals of a local date: none on a holiday, workday hours on a make-up workday. */
  intervalsOf(date: string): readonly OpeningInterval[] {
    if (this.policy.holidays.includes(date)) return [];
    if (this.policy.workdays.includes(date)) return this.policy.workdayHours ?? this.policy.week.mon;
    return this.policy.week[WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]];
  }

  /** Opening ms in [from, to), minute by minute. */
  openingMsBetween(from: number, to: number): number {
    let total = 0;
    for (const minute of this.minutesFrom(from)) {
      if (minute.start >= to) return total;
      if (minute.open) total += Math.min(to, minute.start + MINUTE_MS) - Math.max(from, minute.start);
    }
    return total;
  }

  /** The instant amountMs of opening time have passed since start, minute by minute. */
  addOpeningMs(start: number, amountMs: number): number {
    if (amountMs <= 0) return start;
    let left = amountMs;
    for (const minute of this.minutesFrom(start)) {
      if (!minute.open) continue;
      const from = Math.max(start, minute.start);
      const available = minute.start + MINUTE_MS - from;
      if (left <= available) return from + left;
      left -= available;
    }
    throw new Error('unreachable');
  }

  /** The close of the n-th business day after `date`: the instant its last interval's end is reached. */
  closeOfBusinessDayAfter(date: string, n: number): number {
    let day = date;
    let found = 0;
    while (found < n) {
      day = nextDate(day);
      if (this.intervalsOf(day).length > 0) found++;
    }
    const intervals = this.intervalsOf(day);
    return this.reached(day, intervals[intervals.length - 1].end);
  }

  /** The first instant the clock has reached `minute` (0-1440) of local `date`. */
  reached(date: string, minute: number): number {
    const target = key(date, 0) + minute;
    // Offsets are at most 14 hours ahead of UTC: the date has not begun 15 hours before its UTC midnight.
    for (const reading of this.minutesFrom(Date.parse(`${date}T00:00:00Z`) - 15 * HOUR_MS))
      if (reading.latest >= target) return reading.start;
    throw new Error('unreachable');
  }

  /** Every UTC minute from the one holding `from`, with the latest local time reached and whether it is open. */
  private *minutesFrom(from: number): Generator<{ start: number; latest: number; open: boolean }> {
    const first = Math.floor(from / MINUTE_MS) * MINUTE_MS;
    let latest = -Infinity;
    // Read the clock for 6 hours before (longer than any repeated stretch of local time, at
    // most 2 hours), so that a repeated hour knows what was shown before it.
    for (let start = first - 6 * HOUR_MS; start < first; start += MINUTE_MS)
      latest = Math.max(latest, this.localKey(start));
    for (let start = first; ; start += MINUTE_MS) {
      latest = Math.max(latest, this.localKey(start));
      const date = dateOfKey(latest);
      const minuteOfDay = latest - key(date, 0);
      const open = this.intervalsOf(date).some(({ start: s, end: e }) => minuteOfDay >= s && minuteOfDay < e);
      yield { start, latest, open };
    }
  }

  /** The local time at an instant as minutes since 1970-01-01 00:00 local (comparable). */
  private localKey(ms: number): number {
    const [date, hour, minute] = this.reading(ms);
    return key(date, 0) + hour * 60 + minute;
  }

  private reading(ms: number): [string, number, number] {
    // en-US, h23: "MM/DD/YYYY, HH:MM"
    const text = this.clock.format(ms);
    const [month, day, year, hour, minute] = text.split(/\D+/).map(Number);
    const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return [date, hour, minute];
  }
}

function key(date: string, minute: number): number {
  return Date.parse(`${date}T00:00:00Z`) / MINUTE_MS + minute;
}

function dateOfKey(latest: number): string {
  return new Date(Math.floor(latest / 1440) * DAY_MS).toISOString().slice(0, 10);
}

export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
