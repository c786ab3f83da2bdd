import { DAY_MS } from '@cl/domain';
import { dayNumberOf, weekdayOfDay, type DayNumber } from './local-dates';
import { WEEKDAYS, type OpeningInterval, type ServiceLevelPolicy } from './policy';
import { ZoneClock } from './zone-clock';

/** What a business calendar needs of a policy. */
export type CalendarPolicy = Pick<
  ServiceLevelPolicy,
  'timezone' | 'week' | 'holidays' | 'workdays' | 'workdayHours'
>;

/** docs/service-levels.md: without a policy file, Monday to Friday, 09:00-17:00 UTC. */
export const DEFAULT_CALENDAR_POLICY: CalendarPolicy = {
  timezone: 'UTC',
  week: {
    mon: [{ start: 540, end: 1020 }],
    tue: [{ start: 540, end: 1020 }],
    wed: [{ start: 540, end: 1020 }],
    thu: [{ start: 540, end: 1020 }],
    fri: [{ start: 540, end: 1020 }],
    sat: [],
    sun: [],
  },
  holidays: [],
  workdays: [],
};

/** Local dates per block: a block's opening times are computed once, on first use. */
const DEFAULT_BLOCK_DAYS = 64;
/** Blocks kept; beyond, the cache starts again (a service touches a few blocks a year). */
const MAX_BLOCKS = 1024;

/**
 * The opening times of this.blockDays consecutive local dates, as UTC instants, with running
 * totals so that any question is a binary search.
 */
interface CalendarBlock {
  index: number;
  /** The first instants of the block's first date and of the next block's. */
  startsAt: number;
  endsAt: number;
  /** The first instant of each of the block's dates, ascending (dayStarts[0] is startsAt). */
  dayStarts: number[];
  /** Opening intervals [openFrom[i], openTo[i]), ascending, none empty. */
  openFrom: number[];
  openTo: number[];
  /** Opening milliseconds of the block before interval i (length n + 1: the last is the total). */
  openBefore: number[];
  /** The block's business days, ascending, and the close of each. */
  businessDays: DayNumber[];
  closesAt: number[];
}

/** Index of the first element of an ascending list that is >= value (the length if none). */
function lowerBound(list: readonly number[], value: number, from = 0): number {
  let low = from;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A business calendar (docs/service-levels.md): opening intervals per weekday in one IANA zone,
 * holidays closed, make-up workdays open. All instants are UTC milliseconds.
 */
export class BusinessCalendar {
  private readonly clock: ZoneClock;
  private readonly holidays: ReadonlySet<DayNumber>;
  private readonly workdays: ReadonlySet<DayNumber>;
  private readonly blocks = new Map<number, CalendarBlock>();
  private readonly blockDays: number;

  /** `blockDays` only for tests, to make deadlines cross many blocks. */
  constructor(
    private readonly policy: CalendarPolicy,
    options: { blockDays?: number } = {},
  ) {
    this.blockDays = options.blockDays ?? DEFAULT_BLOCK_DAYS;
    // Without an open weekday, business days could run out and a deadline never come.
    if (!WEEKDAYS.some((day) => policy.week[day].length > 0))
      throw new RangeError('A business calendar needs at least one weekday with opening intervals');
    this.clock = new ZoneClock(policy.timezone);
    this.holidays = new Set(policy.holidays.map(dayNumberOf));
    this.workdays = new Set(policy.workdays.map(dayNumberOf));
  }

  /** The local opening intervals of a date, after holidays and make-up workdays. */
  openingIntervalsOf(day: DayNumber): readonly OpeningInterval[] {
    if (this.holidays.has(day)) return [];
    if (this.workdays.has(day)) return this.policy.workdayHours ?? this.policy.week.mon;
    return this.policy.week[weekdayOfDay(day)];
  }

  isBusinessDay(day: DayNumber): boolean {
    return this.openingIntervalsOf(day).length > 0;
  }

  /**
   * The local date of an instant. From the block's first instants of its dates: no time-zone
   * conversion per call (a filing asks for it on the command path).
   */
  localDayOf(ms: number): DayNumber {
    const block = this.blockAt(ms);
    return block.index * this.blockDays + lowerBound(block.dayStarts, ms + 1) - 1;
  }

  /** The first instant of a local date (its midnight, or the end of a gap over it). */
  startOfDay(day: DayNumber): number {
    const index = Math.floor(day / this.blockDays);
    return this.block(index).dayStarts[day - index * this.blockDays];
  }

  /** The first instant at which local `minute` (0-1440) of `day` has come (see ZoneClock). */
  instantAt(day: DayNumber, minute: number): number {
    return this.clock.firstInstantAt(day, minute);
  }

  /** Opening milliseconds in [from, to); 0 when to <= from. */
  openingMsBetween(from: number, to: number): number {
    if (to <= from) return 0;
    let block = this.blockAt(from);
    let total = -this.openingBefore(block, from);
    while (to >= block.endsAt) {
      total += block.openBefore[block.openFrom.length];
      block = this.block(block.index + 1);
    }
    return total + this.openingBefore(block, to);
  }

  /**
   * The instant at which `amountMs` of opening time have passed since `start` (time before
   * the first opening after start does not count; an amount used up exactly at a close is due
   * at that close). An amount of 0 is due at start.
   */
  addOpeningMs(start: number, amountMs: number): number {
    if (amountMs <= 0) return start;
    let block = this.blockAt(start);
    let target = this.openingBefore(block, start) + amountMs;
    let total = block.openBefore[block.openFrom.length];
    while (target > total) {
      target -= total;
      block = this.block(block.index + 1);
      total = block.openBefore[block.openFrom.length];
    }
    // The first interval whose running total reaches the target.
    const interval = lowerBound(block.openBefore, target, 1) - 1;
    return block.openFrom[interval] + (target - block.openBefore[interval]);
  }

  /** The close (end of its last opening interval) of the n-th (>= 1) business day after `day`. */
  closeOfBusinessDayAfter(day: DayNumber, n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number >= 1, got ${n}`);
    let block = this.block(Math.floor((day + 1) / this.blockDays));
    let index = lowerBound(block.businessDays, day + 1) + n - 1;
    while (index >= block.businessDays.length) {
      index -= block.businessDays.length;
      block = this.block(block.index + 1);
    }
    return block.closesAt[index];
  }

  /** Opening milliseconds of a block before instant t. */
  private openingBefore(block: CalendarBlock, t: number): number {
    const interval = lowerBound(block.openFrom, t + 1) - 1;
    if (interval < 0) return 0;
    return block.openBefore[interval] + Math.min(t, block.openTo[interval]) - block.openFrom[interval];
  }

  private blockAt(ms: number): CalendarBlock {
    // Start from the UTC date (within a day of the local one) and step to the block whose
    // instants hold ms: no time-zone conversion needed.
    let block = this.block(Math.floor(Math.floor(ms / DAY_MS) / this.blockDays));
    while (ms < block.startsAt) block = this.block(block.index - 1);
    while (ms >= block.endsAt) block = this.block(block.index + 1);
    return block;
  }

  private block(index: number): CalendarBlock {
    let block = this.blocks.get(index);
    if (block === undefined) {
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.clear();
      block = this.buildBlock(index);
      this.blocks.set(index, block);
    }
    return block;
  }

  private buildBlock(index: number): CalendarBlock {
    const firstDay = index * this.blockDays;
    const dayStarts = Array.from({ length: this.blockDays }, (_, i) =>
      this.clock.firstInstantAt(firstDay + i, 0),
    );
    const block: CalendarBlock = {
      index,
      startsAt: dayStarts[0],
      endsAt: this.clock.firstInstantAt(firstDay + this.blockDays, 0),
      dayStarts,
      openFrom: [],
      openTo: [],
      openBefore: [0],
      businessDays: [],
      closesAt: [],
    };
    let total = 0;
    for (let day = firstDay; day < firstDay + this.blockDays; day++) {
      const intervals = this.openingIntervalsOf(day);
      if (intervals.length === 0) continue;
      let close = 0;
      for (const { start, end } of intervals) {
        const from = this.clock.firstInstantAt(day, start);
        close = this.clock.firstInstantAt(day, end);
        // An interval wholly inside a skipped hour has no opening time.
        if (close <= from) continue;
        block.openFrom.push(from);
        block.openTo.push(close);
        total += close - from;
        block.openBefore.push(total);
      }
      block.businessDays.push(day);
      block.closesAt.push(close);
    }
    return block;
  }
}
