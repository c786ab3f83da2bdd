import { HOUR_MS } from '@cl/domain';
import { BusinessCalendar, DEFAULT_CALENDAR_POLICY } from './business-calendar';
import { dayNumberOf } from './local-dates';
import type { FinalResponseTarget, PausableUnit, ServiceLevelPolicy, Target } from './policy';

/** Hours (fractional allowed) as whole milliseconds. */
export function hoursToMs(hours: number): number {
  return Math.round(hours * HOUR_MS);
}

/**
 * When a target started at `startMs` is due (docs/service-levels.md, Deadlines), in UTC ms:
 * - hours: start + N hours;
 * - businessHours: the instant N hours of opening time have passed since start;
 * - businessDays: the close of the N-th business day after the local date of start;
 * - days: the following local midnight at the end of the N-th calendar day after it.
 */
export function dueAt(calendar: BusinessCalendar, target: Target, startMs: number): number {
  switch (target.unit) {
    case 'hours':
      return startMs + hoursToMs(target.amount);
    case 'businessHours':
      return calendar.addOpeningMs(startMs, hoursToMs(target.amount));
    case 'businessDays':
      return calendar.closeOfBusinessDayAfter(calendar.localDayOf(startMs), target.amount);
    case 'days':
      return calendar.startOfDay(calendar.localDayOf(startMs) + target.amount + 1);
  }
}

/** Asked for an extension the policy does not have. */
export class NoSuchExtensionError extends Error {
  override readonly name = 'NoSuchExtensionError';
  constructor(
    readonly granted: number,
    readonly available: number,
  ) {
    super(`The policy has ${available} final-response extension(s), not ${granted}`);
  }
}

/**
 * The final response's due time once `extensionsGranted` extensions are granted: the base
 * target plus the first that many extensions, as one total in the base's unit, from the filing.
 */
export function finalResponseDueAt(
  calendar: BusinessCalendar,
  target: FinalResponseTarget,
  filedAtMs: number,
  extensionsGranted = 0,
): number {
  if (
    !Number.isInteger(extensionsGranted) ||
    extensionsGranted < 0 ||
    extensionsGranted > target.extensions.length
  )
    throw new NoSuchExtensionError(extensionsGranted, target.extensions.length);
  const amount = target.extensions
    .slice(0, extensionsGranted)
    .reduce((total, extension) => total + extension.amount, target.amount);
  return dueAt(calendar, { unit: target.unit, amount }, filedAtMs);
}

/**
 * What a pausable target due at `dueAtMs` has left at `atMs`, in its unit's milliseconds
 * (calendar or opening), never negative: ComplaintPaused's resolveLeftMs.
 */
export function timeLeftMs(
  calendar: BusinessCalendar,
  unit: PausableUnit,
  dueAtMs: number,
  atMs: number,
): number {
  if (dueAtMs <= atMs) return 0;
  return unit === 'hours' ? dueAtMs - atMs : calendar.openingMsBetween(atMs, dueAtMs);
}

/** The due time after a resume at `resumedAtMs` with `leftMs` left: ComplaintResumed's resolutionDueAt. */
export function dueAfterResume(
  calendar: BusinessCalendar,
  unit: PausableUnit,
  leftMs: number,
  resumedAtMs: number,
): number {
  return unit === 'hours' ? resumedAtMs + leftMs : calendar.addOpeningMs(resumedAtMs, leftMs);
}

/** The close of the third business day after the local date of `filedAtMs` (complaints return). */
export function closeOfThirdBusinessDay(calendar: BusinessCalendar, filedAtMs: number): number {
  return calendar.closeOfBusinessDayAfter(calendar.localDayOf(filedAtMs), 3);
}

/**
 * A policy as the decisions use it: the parsed policy and its business calendar, built once
 * (the calendar caches its opening times).
 */
export interface PolicyInForce {
  policy: ServiceLevelPolicy;
  calendar: BusinessCalendar;
  /**
   * The first instant after the policy's calendarCoversUntil (the next local midnight): a due
   * time after it was counted with the week alone. Undefined: the policy claims no coverage.
   */
  calendarCoveredUntilMs?: number;
}

export function policyInForce(policy: ServiceLevelPolicy): PolicyInForce {
  const calendar = new BusinessCalendar(policy);
  const until = policy.calendarCoversUntil;
  return {
    policy,
    calendar,
    ...(until !== undefined && { calendarCoveredUntilMs: calendar.startOfDay(dayNumberOf(until) + 1) }),
  };
}

let defaultCalendar: BusinessCalendar | undefined;
/** Monday to Friday, 09:00-17:00 UTC: the calendar without a policy file (docs/service-levels.md). */
export function defaultBusinessCalendar(): BusinessCalendar {
  return (defaultCalendar ??= new BusinessCalendar(DEFAULT_CALENDAR_POLICY));
}
