import type { Instant } from '@cl/domain';
import type {
  Attitude,
  ComplaintFiled,
  ComplaintResolved,
  RespondentRole,
  ResolutionType,
  Severity,
} from './complaint-events';

/** What a user asks of a complaint. `occurredAt` is the business time it happened at. */
export type ComplaintCommand =
  | ({ type: 'file' } & Omit<ComplaintFiled, 'resolutionDueAt'>)
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
  // Recorded by the service-level timers (service-level-timers.ts), never by a user.
  | { type: 'escalateForBreach'; dueAt: Instant }
  | { type: 'recordCallbackMissed'; resolvedAt: Instant; dueAt: Instant };

export type ComplaintCommandType = ComplaintCommand['type'];

/** What the service-level timers ask of a complaint when a deadline comes. */
export type TimerComplaintCommand = Extract<
  ComplaintCommand,
  { type: 'escalateForBreach' | 'recordCallbackMissed' }
>;
/** What users ask of a complaint. */
export type UserComplaintCommand = Exclude<ComplaintCommand, TimerComplaintCommand>;

/** Service levels the decisions use (operations.md: SLA_HOURS, CALLBACK_DUE_HOURS). */
export interface ServiceLevels {
  slaHours: Record<Severity, number>;
  callbackDueHours: number;
}

export interface CommandTime {
  occurredAt: Instant;
}
