import type { Instant } from '@cl/domain';
import type {
  Attitude,
  ComplaintFiled,
  ComplaintResolved,
  OccurredComplaintEvent,
  RespondentRole,
} from './complaint-events';

export type ComplaintStatus = 'open' | 'resolved' | 'closed';

/** A handling cycle: from filing or reopening to the next resolution or closing. */
export interface HandlingCycle {
  startedAt: Instant;
  dueAt: Instant;
  endedAt?: Instant;
  /** ComplaintEscalated{sla_breach} was recorded for this cycle. */
  breachEscalated?: boolean;
}

/** A filed complaint: the filing's fields (resolutionDueAt: the current cycle's) and what followed. */
export interface FiledComplaint extends ComplaintFiled {
  exists: true;
  status: ComplaintStatus;
  filedAt: Instant;
  /** The latest resolution's occurredAt and data. */
  resolvedAt?: Instant;
  resolution?: ComplaintResolved;
  escalationLevel: number;
  reopenCount: number;
  assignedTo?: string;
  /** Of the current resolution: its call-back due time; from the latest CallbackRecorded. */
  callback: { dueAt?: Instant; reached?: boolean; attitude?: Attitude };
  /** Since the current resolution: a reached call-back was recorded; CallbackMissed was. */
  callbackReachedSinceResolution: boolean;
  callbackMissedRecorded: boolean;
  satisfaction: {
    respondent: { contactId: string; role: RespondentRole };
    score: number;
    occurredAt: Instant;
  }[];
  cycles: HandlingCycle[];
  /** The greatest occurredAt in the stream: a command may not occur before it. */
  lastOccurredAt: Instant;
}

export type ComplaintState = { exists: false } | FiledComplaint;

export const initialComplaintState: ComplaintState = { exists: false };

/** Folds one event into the state; an event type the slice does not own leaves it as it is. Pure. */
export function evolveComplaint(state: ComplaintState, event: OccurredComplaintEvent): ComplaintState {
  if (event.type === 'ComplaintFiled') {
    const { data, occurredAt } = event;
    // Every field named, none spread: each state then has one shape from the start, and the
    // copies below stay on V8's fast path (JSON leaves the undefined ones out).
    return {
      complaintId: data.complaintId,
      customerId: data.customerId,
      channel: data.channel,
      category: data.category,
      severity: data.severity,
      description: data.description,
      branchId: data.branchId,
      productId: data.productId,
      orderId: data.orderId,
      followUpOf: data.followUpOf,
      resolutionDueAt: data.resolutionDueAt,
      exists: true,
      status: 'open',
      filedAt: occurredAt,
      escalationLevel: 0,
      reopenCount: 0,
      callback: {},
      callbackReachedSinceResolution: false,
      callbackMissedRecorded: false,
      satisfaction: [],
      cycles: [{ startedAt: occurredAt, dueAt: data.resolutionDueAt }],
      lastOccurredAt: occurredAt,
      resolvedAt: undefined,
      resolution: undefined,
      assignedTo: undefined,
    };
  }
  if (!state.exists) return state;
  // One copy of the state per event: folding whole streams (projections, rebuilds) is hot.
  const lastOccurredAt = event.occurredAt > state.lastOccurredAt ? event.occurredAt : state.lastOccurredAt;
  switch (event.type) {
    case 'ComplaintAssigned':
      return { ...state, lastOccurredAt, assignedTo: event.data.agentId };
    case 'ComplaintEscalated':
      return {
        ...state,
        lastOccurredAt,
        escalationLevel: event.data.level,
        cycles: event.data.reason === 'sla_breach' ? markBreachEscalated(state.cycles) : state.cycles,
      };
    case 'ComplaintResolved':
      return {
        ...state,
        lastOccurredAt,
        status: 'resolved',
        resolvedAt: event.occurredAt,
        resolution: event.data,
        callback: { dueAt: event.data.callbackDueAt },
        callbackReachedSinceResolution: false,
        callbackMissedRecorded: false,
        cycles: endCurrentCycle(state.cycles, event.occurredAt),
      };
    case 'ComplaintReopened':
      return {
        ...state,
        lastOccurredAt,
        status: 'open',
        resolvedAt: undefined,
        resolutionDueAt: event.data.resolutionDueAt,
        reopenCount: state.reopenCount + 1,
        callback: {},
        cycles: [...state.cycles, { startedAt: event.occurredAt, dueAt: event.data.resolutionDueAt }],
      };
    case 'CallbackRecorded':
      return {
        ...state,
        lastOccurredAt,
        callback: { dueAt: state.callback.dueAt, reached: event.data.reached, attitude: event.data.attitude },
        callbackReachedSinceResolution: state.callbackReachedSinceResolution || event.data.reached,
      };
    case 'CallbackMissed':
      return { ...state, lastOccurredAt, callbackMissedRecorded: true };
    case 'SatisfactionRecorded':
      return {
        ...state,
        lastOccurredAt,
        satisfaction: [
          ...state.satisfaction,
          { respondent: event.data.respondent, score: event.data.score, occurredAt: event.occurredAt },
        ],
      };
    case 'ComplaintClosed':
      return {
        ...state,
        lastOccurredAt,
        status: 'closed',
        cycles: endCurrentCycle(state.cycles, event.occurredAt),
      };
    default:
      return state;
  }
}

function endCurrentCycle(cycles: HandlingCycle[], endedAt: Instant): HandlingCycle[] {
  const current = cycles[cycles.length - 1];
  if (!current || current.endedAt !== undefined) return cycles;
  return [...cycles.slice(0, -1), { ...current, endedAt }];
}

function markBreachEscalated(cycles: HandlingCycle[]): HandlingCycle[] {
  const current = cycles[cycles.length - 1];
  return [...cycles.slice(0, -1), { ...current, breachEscalated: true }];
}

/** True when some handling cycle is breached as of `asOf` (domain.md, Service levels). */
export function isSlaBreached(state: FiledComplaint, asOf: Instant): boolean {
  return state.cycles.some((cycle) =>
    cycle.endedAt === undefined ? cycle.dueAt < asOf : cycle.endedAt > cycle.dueAt,
  );
}

/**
 * A call-back is due (GET /complaints?callbackDue=true): resolved, the current resolution's
 * callbackDueAt has passed at `asOf`, and no reached call-back was recorded since it.
 */
export function isCallbackDue(state: FiledComplaint, asOf: Instant): boolean {
  return (
    state.status === 'resolved' &&
    state.callback.dueAt !== undefined &&
    state.callback.dueAt < asOf &&
    !state.callbackReachedSinceResolution
  );
}
