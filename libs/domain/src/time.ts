/** Times are ISO-8601 UTC strings with milliseconds, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export type Instant = string;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function toMs(instant: Instant): number {
  return Date.parse(instant);
}

export function fromMs(ms: number): Instant {
  return new Date(ms).toISOString();
}

/** Calendar hours, fractional allowed; the result is truncated to the millisecond. */
export function addHours(instant: Instant, hours: number): Instant {
  return fromMs(toMs(instant) + Math.floor(hours * HOUR_MS));
}

/** ISO-8601 date-time with Z or an offset; seconds optional; a date alone is refused. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A date-time as clients send it (docs/domain.md, Time), normalized to `YYYY-MM-DDTHH:mm:ss.sssZ`
 * in UTC with digits below the millisecond truncated; undefined when it is not one.
 */
export function toInstant(value: string): Instant | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, minutes, seconds = '00', fraction = '', zone] = match;
  const millis = `${fraction}000`.slice(0, 3);
  const offset = zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${minutes}:${seconds}.${millis}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
