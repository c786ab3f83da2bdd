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
