import type { AppConfig } from '@cl/config';
import type { CalendarCoverage, ServiceLevels } from '@cl/complaints';
import { policyInForce } from '@cl/service-levels';

/**
 * What the complaint decisions are given (SLA_HOURS, CALLBACK_DUE_HOURS and the
 * SLA_POLICY_FILE policy with its calendar): one construction for the command handler and
 * the importer. Build it once per process (the calendar is built here).
 */
export function serviceLevelsOf(config: AppConfig): ServiceLevels {
  return {
    slaHours: config.slaHours,
    callbackDueHours: config.callbackDueHours,
    ...(config.slaPolicy !== undefined && { policy: policyInForce(config.slaPolicy) }),
  };
}

/** How far the calendar of SLA_POLICY_FILE reaches, for the views' `calendarCovered` (none without a policy). */
export function calendarCoverageOf(config: AppConfig): CalendarCoverage {
  return config.slaPolicy && policyInForce(config.slaPolicy).calendarCoveredUntilMs;
}
