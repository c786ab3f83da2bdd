import type { Severity } from '@cl/domain';
/**
 * A service-level policy (docs/service-levels.md), as parsed and validated from SLA_POLICY_FILE:
 * a business calendar in one IANA zone and the targets counted on it.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The severities a resolve target can be set for (the complaint slice's severities). */

export const TARGET_UNITS = ['hours', 'businessHours', 'businessDays', 'days'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];
/** The units a pausable target may count in: time left is then a number of milliseconds. */
export type PausableUnit = Extract<TargetUnit, 'hours' | 'businessHours'>;

/** Local wall-clock minutes since midnight: start in 0-1439, end in 1-1440 (24:00), end > start. */
export interface OpeningInterval {
  start: number;
  end: number;
}

/** A local date, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface Target {
  unit: TargetUnit;
  /** N > 0; whole for businessDays and days. */
  amount: number;
}
export interface ResolveTarget extends Target {
  pausable: boolean;
}
export interface Extension {
  /** In the base target's unit, added to the total so far. */
  amount: number;
  /** Granting it needs the admin role. */
  approval: boolean;
}
export interface FinalResponseTarget extends Target {
  extensions: Extension[];
}

export interface ServiceLevelPolicy {
  /** A canonical IANA zone name, e.g. `Europe/London`. */
  timezone: string;
  /** Opening intervals per weekday, sorted, not overlapping (a closed weekday has none). */
  week: Record<Weekday, OpeningInterval[]>;
  holidays: LocalDate[];
  workdays: LocalDate[];
  /** The intervals of a make-up workday; undefined: Monday's. */
  workdayHours?: OpeningInterval[];
  targets: {
    acknowledge?: Target;
    resolve: Partial<Record<Severity, ResolveTarget>>;
    finalResponse?: FinalResponseTarget;
  };
}
