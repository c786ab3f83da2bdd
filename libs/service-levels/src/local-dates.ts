import { DateTime } from 'luxon';
import { DAY_MS } from '@cl/domain';
import { WEEKDAYS, type LocalDate, type Weekday } from './policy';

/**
 * A local date as a day number: days since 1970-01-01 in the proleptic Gregorian calendar,
 * whatever the zone (the calendar's days are counted by date, never by elapsed time).
 */
export type DayNumber = number;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDate(text: string): boolean {
  return ISO_DATE.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid;
}

export function dayNumberOf(date: LocalDate): DayNumber {
  return Math.round(DateTime.fromISO(date, { zone: 'utc' }).toMillis() / DAY_MS);
}

export function localDateOf(day: DayNumber): LocalDate {
  return DateTime.fromMillis(day * DAY_MS, { zone: 'utc' }).toISODate()!;
}

/** The calendar fields of a day number: year, month 1-12, day 1-31. */
export function dateFieldsOf(day: DayNumber): { year: number; month: number; day: number } {
  const date = DateTime.fromMillis(day * DAY_MS, { zone: 'utc' });
  return { year: date.year, month: date.month, day: date.day };
}

/** 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: DayNumber): Weekday {
  return WEEKDAYS[(((day + 3) % 7) + 7) % 7];
}

export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfDay(dayNumberOf(date));
}
