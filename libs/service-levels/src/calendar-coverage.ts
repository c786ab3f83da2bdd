import { DAY_MS } from '@cl/domain';
import type { PolicyInForce } from './deadlines';

/** /health warns this long before the policy's calendar ends (docs/service-levels.md). */
export const CALENDAR_WARNING_DAYS = 60;

/**
 * `calendar ends <date>` from CALENDAR_WARNING_DAYS before the policy's calendarCoversUntil
 * (and after it), so that the next year's holidays get listed before deadlines run past the
 * list; undefined while it reaches further, or when the policy claims no coverage.
 */
export function calendarWarning(inForce: PolicyInForce, nowMs: number): string | undefined {
  const { calendarCoveredUntilMs } = inForce;
  const until = inForce.policy.calendarCoversUntil;
  if (calendarCoveredUntilMs === undefined || until === undefined) return undefined;
  return nowMs >= calendarCoveredUntilMs - CALENDAR_WARNING_DAYS * DAY_MS
    ? `calendar ends ${until}`
    : undefined;
}
