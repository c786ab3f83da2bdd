import type { Instant } from '@cl/domain';
import type { PolicyInForce } from '@cl/service-levels';
import type {
  Attitude,
  Channel,
  ComplaintFiled,
  ComplaintResolved,
  Outcome,
  PauseReason,
  RespondentRole,
  ResolutionType,
  ServiceLevelTargetName,
  Severity,
} from './complaint-events';

/** What the decider sets on ComplaintFiled under the policy in force, never the caller. */
type SetAtFiling =
  | 'policyRule'
  | 'resolutionDueAt'
  | 'acknowledgeDueAt'
  | 'finalResponseDueAt'
  | 'resolveTarget'
  | 'finalResponseTarget'
  | 'thirdBusinessDayEndsAt';

/**
 * What a user asks of a complaint. The decider receives it Timed: with `occurredAt`, the
 * business time it happened at, and `actor`, who asks.
 */
export type ComplaintCommand =
  | ({ type: 'file' } & Omit<ComplaintFiled, SetAtFiling>)
  | { type: 'assign'; agentId: string }
  | { type: 'escalate'; note?: string }
  | {
      type: 'resolve';
      resolutionType: ResolutionType;
      summary: string;
      compensation?: ComplaintResolved['compensation'];
      goodwill?: ComplaintResolved['goodwill'];
      onTheSpot?: boolean;
      resolvedBy: string;
      outcome?: Outcome;
    }
  | { type: 'reopen'; reason: string }
  | { type: 'recordCallback'; reached: boolean; attitude?: Attitude; notes?: string; agentId?: string }
  | {
      type: 'recordSatisfaction';
      respondent: { contactId: string; role: RespondentRole };
      score: number;
      comment?: string;
    }
  | { type: 'close'; reason?: string }
  | { type: 'acknowledge'; channel?: Channel }
  | { type: 'pause'; reason: PauseReason }
  | { type: 'resume' }
  /** An extension that needs approval needs the admin role (of the acting actor: Timed). */
  | { type: 'extend'; reason: string }
  | { type: 'recordRootCause'; cause: string; note?: string }
  // Recorded by the service-level timers (service-level-timers.ts), never by a user.
  /** `target` absent: resolve (timers queued before the other targets existed). */
  | { type: 'escalateForBreach'; dueAt: Instant; target?: ServiceLevelTargetName }
  | { type: 'recordCallbackMissed'; resolvedAt: Instant; dueAt: Instant };

export type ComplaintCommandType = ComplaintCommand['type'];

/** What the service-level timers ask of a complaint when a deadline comes. */
export type TimerComplaintCommand = Extract<
  ComplaintCommand,
  { type: 'escalateForBreach' | 'recordCallbackMissed' }
>;
/** What users ask of a complaint. */
export type UserComplaintCommand = Exclude<ComplaintCommand, TimerComplaintCommand>;

/** Service levels the decisions use (docs/operations.md: SLA_HOURS, CALLBACK_DUE_HOURS). */
export interface ServiceLevels {
  slaHours: Record<Severity, number>;
  callbackDueHours: number;
  /** The SLA_POLICY_FILE policy in force (docs/service-levels.md); absent: docs/domain.md's rules alone. */
  policy?: PolicyInForce;
}
