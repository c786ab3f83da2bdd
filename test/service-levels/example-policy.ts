import type { ServiceLevels } from '@cl/complaints';
import { parseServiceLevelPolicy, policyInForce } from '@cl/service-levels';

/** The example policy of docs/service-levels.md, verbatim. */
export const EXAMPLE_POLICY = {
  timezone: 'Asia/Shanghai',
  week: {
    mon: ['09:00-12:00', '13:00-18:00'],
    tue: ['09:00-18:00'],
    wed: ['09:00-18:00'],
    thu: ['09:00-18:00'],
    fri: ['09:00-18:00'],
    sat: [],
    sun: [],
  },
  holidays: ['2026-10-01', '2026-10-02'],
  workdays: ['2026-10-10'],
  targets: {
    acknowledge: { businessHours: 4 },
    resolve: {
      critical: { hours: 4, pausable: true },
      high: { businessHours: 8, pausable: true },
      medium: { businessDays: 3 },
      low: { businessDays: 5 },
    },
    finalResponse: { days: 15, extensions: [{ days: 15 }, { days: 30, approval: true }] },
  },
};

/** Service levels with the example policy in force, beside the default hours of each severity. */
export const EXAMPLE_LEVELS: ServiceLevels = {
  slaHours: { critical: 4, high: 24, medium: 48, low: 72 },
  callbackDueHours: 24,
  policy: policyInForce(parseServiceLevelPolicy(EXAMPLE_POLICY)),
};
