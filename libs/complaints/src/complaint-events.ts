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
export const ESCALATION_REASONS = ['sla_breach', 'low_satisfaction', 'negative_callback', 'manual'] as const;

export type Channel = (typeof CHANNELS)[number];
export type ResolutionType = (typeof RESOLUTION_TYPES)[number];
export type Attitude = (typeof ATTITUDES)[number];
export type RespondentRole = (typeof RESPONDENT_ROLES)[number];
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

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
}
export interface ComplaintReopened {
  reason: string;
  resolutionDueAt: Instant;
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
  | { type: 'ComplaintClosed'; data: ComplaintClosed };

export type ComplaintEventType = ComplaintEvent['type'];

/** A complaint event with the business time it occurred at, as evolve folds it. */
export type OccurredComplaintEvent = ComplaintEvent & { occurredAt: Instant };

export const complaintStreamId = (complaintId: string) => `complaint-${complaintId}`;

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
];
