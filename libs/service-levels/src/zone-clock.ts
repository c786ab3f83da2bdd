import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { dateFieldsOf, type DayNumber } from './local-dates';

/** Wide enough to see the offsets on both sides of any change of the clocks near a time. */
const WINDOW_MS = 26 * 3_600_000;

/**
 * Where the local wall-clock times of one IANA zone fall in UTC, from luxon's zone data
 * (daylight saving included). Every answer is in UTC milliseconds.
 */
export class ZoneClock {
  private readonly zone: IANAZone;

  constructor(timezone: string) {
    this.zone = IANAZone.create(timezone);
    if (!this.zone.isValid) throw new RangeError(`Unknown IANA time zone "${timezone}"`);
  }

  get name(): string {
    return this.zone.name;
  }

  /**
   * The first instant at which the zone's clocks show `minute` (0-1440) of local `day` or
   * later: that local time when it happens once; its first occurrence when the clocks go back
   * over it; the end of the gap (the instant the clocks jump forward) when they skip it.
   */
  firstInstantAt(day: DayNumber, minute: number): number {
    if (minute >= 1440) return this.firstInstantAt(day + Math.floor(minute / 1440), minute % 1440);
    const local = { ...dateFieldsOf(day), hour: Math.floor(minute / 60), minute: minute % 60 };
    const guess = DateTime.fromObject(local, { zone: this.zone }).toMillis();
    const samples = [guess - WINDOW_MS, guess, guess + WINDOW_MS];
    const offsets = [...new Set(samples.map((ms) => this.zone.offset(ms)))];
    // The usual case: no change of the clocks nearby, so the local time happens exactly once.
    if (offsets.length === 1) return guess;
    // Read the local time with each offset in force nearby; keep the readings the zone agrees with.
    const readings = offsets
      .map((offset) => ({
        offset,
        ms: DateTime.fromObject(local, { zone: FixedOffsetZone.instance(offset) }).toMillis(),
      }))
      .filter(({ offset, ms }) => this.zone.offset(ms) === offset)
      .map(({ ms }) => ms);
    if (readings.length > 0) return Math.min(...readings);
    // Skipped: the clocks jumped over it. The first instant after the gap is the jump itself.
    const before = this.zone.offset(samples[0]);
    const after = samples.find((ms) => this.zone.offset(ms) !== before)!;
    return this.firstInstantWithOtherOffset(samples[0], after, before);
  }

  /** Binary search in (from, to] for the first millisecond whose offset is not `offset`. */
  private firstInstantWithOtherOffset(from: number, to: number, offset: number): number {
    let low = from;
    let high = to;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.zone.offset(middle) === offset) low = middle;
      else high = middle;
    }
    return high;
  }
}
