import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEYS } from '../support/http-client';

/** Deadlines of a few seconds (docs/operations.md: hours may be fractional for tests). */
export const TIMER_ENV = {
  API_KEYS,
  SLA_HOURS: 'critical=0.0005,high=0.0015,medium=1,low=1', // 1.8 s and 5.4 s
  CALLBACK_DUE_HOURS: '0.0003', // 1.08 s
  CALLBACK_MISSED_HOURS: '0.0006', // 2.16 s
};

/**
 * A policy whose targets fall due in seconds (fractional hours and business hours): a calendar
 * open all day, every day, in UTC, so business time runs with the clock.
 */
export const TIMER_POLICY = {
  timezone: 'UTC',
  week: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, ['00:00-24:00']]),
  ),
  targets: {
    acknowledge: { businessHours: 0.0003 }, // 1.08 s
    resolve: {
      critical: { hours: 0.0005, pausable: true }, // 1.8 s
      high: { businessHours: 0.0015, pausable: true }, // 5.4 s
    },
    finalResponse: { hours: 0.0007, extensions: [{ hours: 0.0015 }] }, // 2.52 s, extended to 7.92 s
  },
};

/** Writes TIMER_POLICY into `dir` and returns the environment that names it. */
export function timerPolicyEnv(dir: string): { SLA_POLICY_FILE: string } {
  const file = join(dir, 'timer-policy.json');
  writeFileSync(file, JSON.stringify(TIMER_POLICY));
  return { SLA_POLICY_FILE: file };
}
