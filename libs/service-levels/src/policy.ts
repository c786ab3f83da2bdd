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

/** The targets a policy sets, or a rule replaces (each optional but resolve, whose severities are). */
export interface PolicyTargets {
  acknowledge?: Target;
  resolve: Partial<Record<Severity, ResolveTarget>>;
  finalResponse?: FinalResponseTarget;
}

/** What a rule's `match` may name: each list given must contain the complaint's value. */
export const RULE_MATCH_FIELDS = ['category', 'product', 'channel'] as const;
export type RuleMatchField = (typeof RULE_MATCH_FIELDS)[number];

/**
 * Targets for a kind of complaint (e.g. payment services under the UK Payment Services
 * Regulations): the first rule whose `match` fits a complaint at filing replaces the policy's
 * targets with its own, target by target (resolve: severity by severity).
 */
export interface PolicyRule {
  /** Recorded in ComplaintFiled as `policyRule`; unique in the policy. */
  name: string;
  match: Partial<Record<RuleMatchField, string[]>>;
  targets: PolicyTargets;
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
  targets: PolicyTargets;
  rules: PolicyRule[];
  /**
   * The last local date whose holidays and workdays the policy lists (`calendarCoversUntil`,
   * else 31 December of the latest year either list names); after it business days are
   * counted with the week alone. Undefined: the policy lists none and claims no coverage.
   */
  calendarCoversUntil?: LocalDate;
}
