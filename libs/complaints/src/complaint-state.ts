import type { Instant } from '@cl/domain';
import type {
  Attitude,
  ComplaintFiled,
  ComplaintResolved,
  EscalationReason,
  OccurredComplaintEvent,
  PauseReason,
  RecordedResolveTarget,
  RespondentRole,
} from './complaint-events';

export type ComplaintStatus = 'open' | 'resolved' | 'closed';

/** A handling cycle: from filing or reopening to the next resolution or closing. */
export interface HandlingCycle {
  startedAt: Instant;
  /** The latest recorded due time (filing, reopening or resume); stale while paused. */
  dueAt: Instant;
  endedAt?: Instant;
  /** ComplaintEscalated{sla_breach} was recorded for this cycle. */
  breachEscalated?: boolean;
  /** The cycle's resolve target as recorded (absent: SLA_HOURS calendar hours, not pausable). */
  resolveTarget?: RecordedResolveTarget;
  /** While paused: since when (the cycle cannot breach then, docs/service-levels.md). */
  pausedAt?: Instant;
  /** Its due time had passed when a pause began: it stays breached. */
  breachedBeforePause?: boolean;
}

/** The current pause of a complaint (docs/service-levels.md, Pauses). */
export interface ComplaintPause {
  reason: PauseReason;
  since: Instant;
  resolveLeftMs: number;
}

/** The latest root cause recorded for a complaint, and when (docs/domain.md, Root cause). */
export interface RootCause {
  cause: string;
  note?: string;
  at: Instant;
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
  /** The acknowledge target was met: the first ComplaintAcknowledged, resolution or closing. */
  acknowledgedAt?: Instant;
  /** The final-response target was met: the first resolution or closing. */
  finalResponseMetAt?: Instant;
  /** ResponseDeadlineExtended events so far (finalResponseDueAt is then the latest one's). */
  extensionsGranted: number;
  /** Set while the resolve target is paused. */
  pause?: ComplaintPause;
  /** ComplaintEscalated{ack_breach} / {final_response_breach} was recorded (once per complaint). */
  ackBreachEscalated: boolean;
  finalResponseBreachEscalated: boolean;
  /** The latest RootCauseRecorded; absent in states stored before root causes existed. */
  rootCause?: RootCause;
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
      subjectAgentId: data.subjectAgentId,
      acknowledgeDueAt: data.acknowledgeDueAt,
      finalResponseDueAt: data.finalResponseDueAt,
      resolveTarget: data.resolveTarget,
      finalResponseTarget: data.finalResponseTarget,
      thirdBusinessDayEndsAt: data.thirdBusinessDayEndsAt,
      policyRule: data.policyRule,
      exists: true,
      status: 'open',
      filedAt: occurredAt,
      escalationLevel: 0,
      reopenCount: 0,
      callback: {},
      callbackReachedSinceResolution: false,
      callbackMissedRecorded: false,
      satisfaction: [],
      cycles: [{ startedAt: occurredAt, dueAt: data.resolutionDueAt, resolveTarget: data.resolveTarget }],
      lastOccurredAt: occurredAt,
      resolvedAt: undefined,
      resolution: undefined,
      assignedTo: undefined,
      acknowledgedAt: undefined,
      finalResponseMetAt: undefined,
      extensionsGranted: 0,
      pause: undefined,
      ackBreachEscalated: false,
      finalResponseBreachEscalated: false,
      rootCause: undefined,
    };
  }
  if (!state.exists) return state;
  // One copy of the state per event: folding whole streams (projections, rebuilds) is hot.
  const lastOccurredAt = event.occurredAt > state.lastOccurredAt ? event.occurredAt : state.lastOccurredAt;
  switch (event.type) {
    case 'ComplaintAssigned':
      return { ...state, lastOccurredAt, assignedTo: event.data.agentId };
    case 'ComplaintEscalated':
      return escalated(state, lastOccurredAt, event.data.level, event.data.reason);
    case 'ComplaintResolved':
      return {
        ...state,
        lastOccurredAt,
        acknowledgedAt: state.acknowledgedAt ?? event.occurredAt,
        finalResponseMetAt: state.finalResponseMetAt ?? event.occurredAt,
        pause: undefined,
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
        resolveTarget: event.data.resolveTarget,
        reopenCount: state.reopenCount + 1,
        callback: {},
        pause: undefined,
        cycles: [
          ...state.cycles,
          {
            startedAt: event.occurredAt,
            dueAt: event.data.resolutionDueAt,
            resolveTarget: event.data.resolveTarget,
          },
        ],
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
        acknowledgedAt: state.acknowledgedAt ?? event.occurredAt,
        finalResponseMetAt: state.finalResponseMetAt ?? event.occurredAt,
        pause: undefined,
        status: 'closed',
        cycles: endCurrentCycle(state.cycles, event.occurredAt),
      };
    case 'ComplaintAcknowledged':
      return { ...state, lastOccurredAt, acknowledgedAt: state.acknowledgedAt ?? event.occurredAt };
    case 'ComplaintPaused': {
      const pause = {
        reason: event.data.reason,
        since: event.occurredAt,
        resolveLeftMs: event.data.resolveLeftMs,
      };
      return { ...state, lastOccurredAt, pause, cycles: pauseCurrentCycle(state.cycles, event.occurredAt) };
    }
    case 'ComplaintResumed':
      return {
        ...state,
        lastOccurredAt,
        pause: undefined,
        resolutionDueAt: event.data.resolutionDueAt,
        cycles: resumeCurrentCycle(state.cycles, event.data.resolutionDueAt),
      };
    case 'ResponseDeadlineExtended':
      return {
        ...state,
        lastOccurredAt,
        // `?? 0`: a state stored by a read model before extensions existed lacks the field.
        extensionsGranted: Math.max(state.extensionsGranted ?? 0, event.data.extension),
        finalResponseDueAt: event.data.finalResponseDueAt,
      };
    case 'RootCauseRecorded': {
      const { cause, note } = event.data;
      const rootCause: RootCause =
        note === undefined ? { cause, at: event.occurredAt } : { cause, note, at: event.occurredAt };
      return { ...state, lastOccurredAt, rootCause };
    }
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

function escalated(
  state: FiledComplaint,
  lastOccurredAt: Instant,
  level: number,
  reason: EscalationReason,
): FiledComplaint {
  return {
    ...state,
    lastOccurredAt,
    escalationLevel: level,
    cycles: reason === 'sla_breach' ? markBreachEscalated(state.cycles) : state.cycles,
    ackBreachEscalated: state.ackBreachEscalated || reason === 'ack_breach',
    finalResponseBreachEscalated: state.finalResponseBreachEscalated || reason === 'final_response_breach',
  };
}

/** A pause begins: a cycle already past its due time stays breached (docs/service-levels.md). */
function pauseCurrentCycle(cycles: HandlingCycle[], at: Instant): HandlingCycle[] {
  const current = cycles[cycles.length - 1];
  if (!current || current.endedAt !== undefined) return cycles;
  const breachedBeforePause = current.breachedBeforePause === true || current.dueAt < at;
  return [...cycles.slice(0, -1), { ...current, pausedAt: at, breachedBeforePause }];
}

function resumeCurrentCycle(cycles: HandlingCycle[], dueAt: Instant): HandlingCycle[] {
  const current = cycles[cycles.length - 1];
  if (!current || current.endedAt !== undefined) return cycles;
  return [...cycles.slice(0, -1), { ...current, pausedAt: undefined, dueAt }];
}

/**
 * A handling cycle is breached at `asOf` when it ended after its due time, or has not ended
 * and its due time has passed; a paused cycle cannot breach, unless it had before the pause.
 */
export function isCycleBreached(cycle: HandlingCycle, asOf: Instant): boolean {
  if (cycle.breachedBeforePause) return true;
  if (cycle.endedAt !== undefined) return cycle.endedAt > cycle.dueAt;
  return cycle.pausedAt === undefined && cycle.dueAt < asOf;
}

/** True when some handling cycle is breached as of `asOf` (docs/domain.md, Service levels). */
export function isSlaBreached(state: FiledComplaint, asOf: Instant): boolean {
  return state.cycles.some((cycle) => isCycleBreached(cycle, asOf));
}

/** A target due at `dueAt`, met at `metAt` (if yet), is breached at `asOf` (docs/service-levels.md). */
export function isTargetBreached(dueAt: Instant, metAt: Instant | undefined, asOf: Instant): boolean {
  return metAt !== undefined ? metAt > dueAt : dueAt < asOf;
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

/**
 * The customer whose data key seals a complaint's personal fields (docs/privacy.md): the
 * customer it was filed for, from the filing being decided or the state it was decided on.
 */
export function complaintDataSubject(
  state: ComplaintState,
  decided: readonly { type: string; data: object }[],
): string | undefined {
  if (state.exists) return state.customerId;
  const filed = decided.find((event) => event.type === 'ComplaintFiled');
  return filed === undefined ? undefined : (filed.data as ComplaintFiled).customerId;
}
