import type { Instant, Severity } from '@cl/domain';

// The severities are the domain's one list; the slice offers them beside its other vocabularies.
export { SEVERITIES, type Severity } from '@cl/domain';

export const CHANNELS = ['phone', 'email', 'web', 'store', 'social', 'letter', 'other'] as const;
export const RESOLUTION_TYPES = [
  'refund',
  'replacement',
  'repair',
  'apology',
  'explanation',
  'compensation',
  'other',
] as const;
export const ATTITUDES = ['satisfied', 'neutral', 'dissatisfied'] as const;
export const RESPONDENT_ROLES = ['primary', 'decision_maker', 'influencer', 'user', 'other'] as const;
export const ESCALATION_REASONS = [
  'sla_breach',
  'ack_breach',
  'final_response_breach',
  'low_satisfaction',
  'negative_callback',
  'manual',
] as const;
/** How a resolution answered the complaint (docs/service-levels.md; the complaints return counts them). */
export const OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld'] as const;
/** Why a pausable resolve target is paused. */
export const PAUSE_REASONS = ['awaiting_customer', 'awaiting_third_party'] as const;
/** The service-level targets a complaint can have (docs/service-levels.md), as the timers and views name them. */
export const SERVICE_LEVEL_TARGETS = ['acknowledge', 'resolve', 'finalResponse'] as const;

export type Channel = (typeof CHANNELS)[number];
export type ResolutionType = (typeof RESOLUTION_TYPES)[number];
export type Attitude = (typeof ATTITUDES)[number];
export type RespondentRole = (typeof RESPONDENT_ROLES)[number];
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type PauseReason = (typeof PAUSE_REASONS)[number];
export type ServiceLevelTargetName = (typeof SERVICE_LEVEL_TARGETS)[number];

/** The escalation reason of each target's breach. */
export const BREACH_REASON: Record<ServiceLevelTargetName, EscalationReason> = {
  acknowledge: 'ack_breach',
  resolve: 'sla_breach',
  finalResponse: 'final_response_breach',
};

/** The units a recorded target counts in (the policy's, docs/service-levels.md). */
export type RecordedTargetUnit = 'hours' | 'businessHours' | 'businessDays' | 'days';
/** A handling cycle's resolve target as recorded (absent: SLA_HOURS calendar hours, not pausable). */
export interface RecordedResolveTarget {
  unit: RecordedTargetUnit;
  amount: number;
  pausable: boolean;
}
/** The base of the final-response target as recorded at filing. */
export interface RecordedTarget {
  unit: RecordedTargetUnit;
  amount: number;
}

export interface ComplaintFiled {
  complaintId: string;
  customerId: string;
  channel: Channel;
  category: string;
  severity: Severity;
  description: string;
  branchId?: string;
  productId?: string;
  orderId?: string;
  followUpOf?: string;
  resolutionDueAt: Instant;
  /** The employee the complaint is about: never assigned to them. */
  subjectAgentId?: string;
  /** Set when the policy in force at filing defines the target (docs/service-levels.md). */
  acknowledgeDueAt?: Instant;
  finalResponseDueAt?: Instant;
  resolveTarget?: RecordedResolveTarget;
  finalResponseTarget?: RecordedTarget;
  /** The close of the 3rd business day after the local filing date (the complaints return). */
  thirdBusinessDayEndsAt?: Instant;
  /** The policy rule whose targets the complaint counts with (docs/service-levels.md, rules). */
  policyRule?: string;
}
export interface ComplaintAssigned {
  agentId: string;
}
export interface ComplaintEscalated {
  reason: EscalationReason;
  level: number;
  note?: string;
}
export interface ComplaintResolved {
  resolutionType: ResolutionType;
  summary: string;
  compensation?: { amount: number; currency: string };
  goodwill?: { description: string; value?: number };
  onTheSpot: boolean;
  resolvedBy: string;
  callbackDueAt: Instant;
  outcome?: Outcome;
}
export interface ComplaintReopened {
  reason: string;
  resolutionDueAt: Instant;
  /** The new cycle's resolve target (absent: SLA_HOURS calendar hours, not pausable). */
  resolveTarget?: RecordedResolveTarget;
}
export interface ComplaintAcknowledged {
  channel?: Channel;
}
export interface ComplaintPaused {
  reason: PauseReason;
  /** What the cycle's resolve target had left, in its unit's (calendar or opening) ms, >= 0. */
  resolveLeftMs: number;
}
export interface ComplaintResumed {
  resolutionDueAt: Instant;
}
export interface ResponseDeadlineExtended {
  /** 1-based: the n-th extension granted. */
  extension: number;
  finalResponseDueAt: Instant;
  reason: string;
  /** The admin who granted an extension that needs approval. */
  approvedBy?: string;
}
export interface CallbackRecorded {
  reached: boolean;
  attitude?: Attitude;
  notes?: string;
  agentId?: string;
}
export interface CallbackMissed {
  dueAt: Instant;
}
export interface SatisfactionRecorded {
  respondent: { contactId: string; role: RespondentRole };
  score: number;
  comment?: string;
  responsibleAgentId?: string;
  branchId?: string;
}
export interface ComplaintClosed {
  reason?: string;
}
/** The complaint's root cause as found (docs/domain.md, Root cause): the latest one counts. */
export interface RootCauseRecorded {
  /** An id (the id alphabet), e.g. `courier_damage`. */
  cause: string;
  note?: string;
}

/** Every event of a `complaint-<id>` stream, as decide produces it. */
export type ComplaintEvent =
  | { type: 'ComplaintFiled'; data: ComplaintFiled }
  | { type: 'ComplaintAssigned'; data: ComplaintAssigned }
  | { type: 'ComplaintEscalated'; data: ComplaintEscalated }
  | { type: 'ComplaintResolved'; data: ComplaintResolved }
  | { type: 'ComplaintReopened'; data: ComplaintReopened }
  | { type: 'CallbackRecorded'; data: CallbackRecorded }
  | { type: 'CallbackMissed'; data: CallbackMissed }
  | { type: 'SatisfactionRecorded'; data: SatisfactionRecorded }
  | { type: 'ComplaintClosed'; data: ComplaintClosed }
  | { type: 'ComplaintAcknowledged'; data: ComplaintAcknowledged }
  | { type: 'ComplaintPaused'; data: ComplaintPaused }
  | { type: 'ComplaintResumed'; data: ComplaintResumed }
  | { type: 'ResponseDeadlineExtended'; data: ResponseDeadlineExtended }
  | { type: 'RootCauseRecorded'; data: RootCauseRecorded };

export type ComplaintEventType = ComplaintEvent['type'];

/** A complaint event with the business time it occurred at, as evolve folds it. */
export type OccurredComplaintEvent = ComplaintEvent & { occurredAt: Instant };

const COMPLAINT_STREAM_PREFIX = 'complaint-';

export const complaintStreamId = (complaintId: string) => `${COMPLAINT_STREAM_PREFIX}${complaintId}`;

/** Whether a stream is a complaint's (`complaint-<id>`). */
export const isComplaintStream = (streamId: string): boolean => streamId.startsWith(COMPLAINT_STREAM_PREFIX);

/** The complaint id of a `complaint-<id>` stream: the inverse of complaintStreamId. */
export const complaintIdOf = (streamId: string): string => streamId.slice(COMPLAINT_STREAM_PREFIX.length);

export const COMPLAINT_EVENT_TYPES: readonly ComplaintEventType[] = [
  'ComplaintFiled',
  'ComplaintAssigned',
  'ComplaintEscalated',
  'ComplaintResolved',
  'ComplaintReopened',
  'CallbackRecorded',
  'CallbackMissed',
  'SatisfactionRecorded',
  'ComplaintClosed',
  'ComplaintAcknowledged',
  'ComplaintPaused',
  'ComplaintResumed',
  'ResponseDeadlineExtended',
  'RootCauseRecorded',
];
