import {
  addHours,
  DomainError,
  fromMs,
  toMs,
  type ActingActor,
  type Decider,
  type Instant,
  type Timed,
} from '@cl/domain';
import {
  closeOfThirdBusinessDay,
  defaultBusinessCalendar,
  dueAfterResume,
  dueAt,
  matchingRule,
  targetsOfRule,
  timeLeftMs,
  type BusinessCalendar,
  type PolicyTargets,
} from '@cl/service-levels';
import type {
  ComplaintCommand,
  ServiceLevels,
  TimerComplaintCommand,
  UserComplaintCommand,
} from './complaint-commands';
import {
  BREACH_REASON,
  type ComplaintEvent,
  type ComplaintFiled,
  type EscalationReason,
  type RecordedResolveTarget,
  type Severity,
} from './complaint-events';
import {
  evolveComplaint,
  initialComplaintState,
  type ComplaintState,
  type ComplaintStatus,
  type FiledComplaint,
} from './complaint-state';

/** Which statuses each command is allowed in (docs/domain.md and docs/service-levels.md, rules of the lifecycle). */
const ALLOWED: Record<Exclude<UserComplaintCommand['type'], 'file'>, readonly ComplaintStatus[]> = {
  assign: ['open', 'resolved'],
  escalate: ['open', 'resolved'],
  resolve: ['open'],
  reopen: ['resolved'],
  recordCallback: ['resolved'],
  recordSatisfaction: ['resolved', 'closed'],
  close: ['open', 'resolved'],
  acknowledge: ['open'],
  pause: ['open'],
  resume: ['open'],
  extend: ['open'],
  recordRootCause: ['open', 'resolved', 'closed'],
};

/** The role that may grant an extension marked `approval` (docs/service-levels.md). */
export const APPROVING_ROLE = 'admin';

/** A command on a complaint as the decider receives it: with the business time it happens at and who acts. */
export type TimedComplaintCommand = Timed<ComplaintCommand>;

export type ComplaintDecider = Decider<TimedComplaintCommand, ComplaintEvent, ComplaintState>;

/**
 * The complaints slice as one decider, under the service levels in force (`levels`: built
 * once per process from SLA_HOURS, CALLBACK_DUE_HOURS and SLA_POLICY_FILE). Its `decide`
 * decides what a command on a complaint records, or refuses it with a DomainError.
 */
export function complaintDecider(levels: ServiceLevels): ComplaintDecider {
  return {
    decide: (command, state) => decideComplaint(command, state, levels),
    evolve: evolveComplaint,
    initialState: initialComplaintState,
  };
}

/** Pure: everything it needs comes in as arguments (the policy in force in `levels`). */
function decideComplaint(
  command: TimedComplaintCommand,
  state: ComplaintState,
  levels: ServiceLevels,
): ComplaintEvent[] {
  const { occurredAt } = command;
  if (command.type === 'file') {
    if (state.exists) {
      throw new DomainError('conflict', `Complaint ${command.complaintId} already exists`, {
        status: state.status,
      });
    }
    const { type: _type, occurredAt: _time, actor: _actor, ...data } = command;
    const rule =
      levels.policy &&
      matchingRule(levels.policy.policy, {
        category: command.category,
        channel: command.channel,
        ...(command.productId !== undefined && { product: command.productId }),
      });
    return [
      {
        type: 'ComplaintFiled',
        data: {
          ...data,
          ...filingDueTimes(command.severity, occurredAt, levels, rule?.name),
          ...(rule && { policyRule: rule.name }),
        },
      },
    ];
  }
  if (!state.exists) throw new DomainError('not_found', 'Complaint not found');
  // Conflict of interest (docs/domain.md): the complaint's subject may not act on it at all.
  if (isSubject(command.actor, state)) {
    throw conflictOfInterest(
      state,
      `Agent ${command.actor.id} is the subject of this complaint and may not act on it`,
    );
  }
  if (occurredAt < state.lastOccurredAt) {
    throw new DomainError(
      'out_of_order',
      `occurredAt ${occurredAt} is earlier than the complaint's last event (${state.lastOccurredAt})`,
      { lastOccurredAt: state.lastOccurredAt },
    );
  }
  if (command.type === 'escalateForBreach' || command.type === 'recordCallbackMissed') {
    return decideTimer(command, state);
  }
  if (!ALLOWED[command.type].includes(state.status)) {
    throw conflict(state, `Cannot ${command.type} a complaint that is ${state.status}`);
  }

  switch (command.type) {
    case 'assign':
      if (state.subjectAgentId !== undefined && command.agentId === state.subjectAgentId) {
        throw conflictOfInterest(
          state,
          `Agent ${command.agentId} is the subject of this complaint and may not handle it`,
        );
      }
      return [{ type: 'ComplaintAssigned', data: { agentId: command.agentId } }];
    case 'escalate':
      return [escalation(state, 'manual', command.note)];
    case 'resolve':
      return [
        ...endPause(state, occurredAt, levels),
        {
          type: 'ComplaintResolved',
          data: {
            resolutionType: command.resolutionType,
            summary: command.summary,
            ...(command.compensation && { compensation: command.compensation }),
            ...(command.goodwill && { goodwill: command.goodwill }),
            onTheSpot: command.onTheSpot ?? false,
            resolvedBy: command.resolvedBy,
            callbackDueAt: addHours(occurredAt, levels.callbackDueHours),
            ...(command.outcome !== undefined && { outcome: command.outcome }),
          },
        },
      ];
    case 'reopen': {
      const { resolutionDueAt, resolveTarget } = resolveDue(
        state.severity,
        occurredAt,
        levels,
        state.policyRule,
      );
      return [
        {
          type: 'ComplaintReopened',
          data: { reason: command.reason, resolutionDueAt, ...(resolveTarget && { resolveTarget }) },
        },
      ];
    }
    case 'recordCallback': {
      const { type: _type, occurredAt: _time, actor: _actor, ...data } = command;
      const recorded: ComplaintEvent = { type: 'CallbackRecorded', data };
      return command.attitude === 'dissatisfied'
        ? [recorded, escalation(state, 'negative_callback')]
        : [recorded];
    }
    case 'recordSatisfaction': {
      const recorded: ComplaintEvent = {
        type: 'SatisfactionRecorded',
        data: {
          respondent: command.respondent,
          score: command.score,
          ...(command.comment !== undefined && { comment: command.comment }),
          ...(state.assignedTo !== undefined && { responsibleAgentId: state.assignedTo }),
          ...(state.branchId !== undefined && { branchId: state.branchId }),
        },
      };
      return command.score <= 2 ? [recorded, escalation(state, 'low_satisfaction')] : [recorded];
    }
    case 'close':
      return [
        ...endPause(state, occurredAt, levels),
        { type: 'ComplaintClosed', data: command.reason === undefined ? {} : { reason: command.reason } },
      ];
    case 'acknowledge':
      if (state.acknowledgeDueAt === undefined) {
        throw noTarget('No service-level policy defined an acknowledge target for this complaint');
      }
      if (state.acknowledgedAt !== undefined) {
        throw conflict(state, `The complaint was already acknowledged (${state.acknowledgedAt})`);
      }
      return [
        {
          type: 'ComplaintAcknowledged',
          data: command.channel === undefined ? {} : { channel: command.channel },
        },
      ];
    case 'pause': {
      const target = currentResolveTarget(state);
      if (!target?.pausable) {
        throw noTarget(
          "The complaint's current resolve target is not pausable (no policy defined a pausable target for it)",
        );
      }
      if (state.pause !== undefined)
        throw conflict(state, `The complaint is already paused (${state.pause.since})`);
      const cycle = state.cycles[state.cycles.length - 1];
      const resolveLeftMs = timeLeftMs(
        calendarOf(levels),
        target.unit === 'hours' ? 'hours' : 'businessHours',
        toMs(cycle.dueAt),
        toMs(occurredAt),
      );
      return [{ type: 'ComplaintPaused', data: { reason: command.reason, resolveLeftMs } }];
    }
    case 'resume': {
      const resumed = endPause(state, occurredAt, levels);
      if (resumed.length === 0) throw conflict(state, 'The complaint is not paused');
      return resumed;
    }
    case 'extend':
      return [extension(state, occurredAt, levels, command)];
    case 'recordRootCause':
      return [
        {
          type: 'RootCauseRecorded',
          data: { cause: command.cause, ...(command.note !== undefined && { note: command.note }) },
        },
      ];
  }
}

/**
 * The due times ComplaintFiled records under the policy in force and the rule the complaint
 * matched, if any (docs/service-levels.md); exported for bench:sla.
 */
export function filingDueTimes(
  severity: Severity,
  occurredAt: Instant,
  levels: ServiceLevels,
  policyRule?: string,
): Pick<
  ComplaintFiled,
  | 'resolutionDueAt'
  | 'resolveTarget'
  | 'acknowledgeDueAt'
  | 'finalResponseDueAt'
  | 'finalResponseTarget'
  | 'thirdBusinessDayEndsAt'
> {
  const { resolutionDueAt, resolveTarget } = resolveDue(severity, occurredAt, levels, policyRule);
  const startMs = toMs(occurredAt);
  const calendar = calendarOf(levels);
  const targets = targetsOf(levels, policyRule);
  const finalResponse = targets?.finalResponse;
  return {
    resolutionDueAt,
    ...(resolveTarget && { resolveTarget }),
    ...(targets?.acknowledge && { acknowledgeDueAt: fromMs(dueAt(calendar, targets.acknowledge, startMs)) }),
    ...(finalResponse && {
      finalResponseDueAt: fromMs(dueAt(calendar, finalResponse, startMs)),
      finalResponseTarget: { unit: finalResponse.unit, amount: finalResponse.amount },
    }),
    thirdBusinessDayEndsAt: fromMs(closeOfThirdBusinessDay(calendar, startMs)),
  };
}

/** A handling cycle's due time from `occurredAt`: the policy's resolve target, else SLA_HOURS. */
function resolveDue(
  severity: Severity,
  occurredAt: Instant,
  levels: ServiceLevels,
  policyRule: string | undefined,
): { resolutionDueAt: Instant; resolveTarget?: RecordedResolveTarget } {
  const target = targetsOf(levels, policyRule)?.resolve[severity];
  if (!target) return { resolutionDueAt: addHours(occurredAt, levels.slaHours[severity]) };
  return {
    resolutionDueAt: fromMs(dueAt(levels.policy!.calendar, target, toMs(occurredAt))),
    resolveTarget: { unit: target.unit, amount: target.amount, pausable: target.pausable },
  };
}

/** The targets of the policy in force for a complaint filed under `policyRule`; none without a policy. */
function targetsOf(levels: ServiceLevels, policyRule: string | undefined): PolicyTargets | undefined {
  return levels.policy && targetsOfRule(levels.policy.policy, policyRule);
}

/** The calendar of the policy in force, or Monday to Friday 09:00-17:00 UTC without one. */
function calendarOf(levels: ServiceLevels): BusinessCalendar {
  return levels.policy?.calendar ?? defaultBusinessCalendar();
}

function currentResolveTarget(state: FiledComplaint): RecordedResolveTarget | undefined {
  return state.cycles[state.cycles.length - 1].resolveTarget;
}

/** ComplaintResumed, when paused: the time left, counted again from `occurredAt`. */
function endPause(state: FiledComplaint, occurredAt: Instant, levels: ServiceLevels): ComplaintEvent[] {
  if (state.pause === undefined) return [];
  const unit = currentResolveTarget(state)?.unit === 'businessHours' ? 'businessHours' : 'hours';
  const due = dueAfterResume(calendarOf(levels), unit, state.pause.resolveLeftMs, toMs(occurredAt));
  return [{ type: 'ComplaintResumed', data: { resolutionDueAt: fromMs(due) } }];
}

/**
 * The next final-response extension (docs/service-levels.md): the recorded base plus the policy's
 * first n extensions, in the base's unit, from the filing. Refusals in the contract's order:
 * 400 no target, 409 met / past due / none left, then 403 an approval without the admin role.
 */
function extension(
  state: FiledComplaint,
  occurredAt: Instant,
  levels: ServiceLevels,
  command: Extract<TimedComplaintCommand, { type: 'extend' }>,
): ComplaintEvent {
  const base = state.finalResponseTarget;
  const inForce = targetsOf(levels, state.policyRule)?.finalResponse;
  if (state.finalResponseDueAt === undefined || base === undefined || inForce === undefined) {
    throw noTarget('No service-level policy defines a final-response target for this complaint');
  }
  if (state.finalResponseMetAt !== undefined) {
    throw conflict(state, `The final response was already given (${state.finalResponseMetAt})`);
  }
  if (state.finalResponseDueAt < occurredAt) {
    throw conflict(
      state,
      `The final response was due at ${state.finalResponseDueAt}; it can no longer be extended`,
    );
  }
  const number = state.extensionsGranted + 1;
  const granted = inForce.extensions.slice(0, number);
  if (granted.length < number || inForce.unit !== base.unit) {
    throw conflict(
      state,
      `The policy has no further final-response extension (${state.extensionsGranted} granted)`,
    );
  }
  const next = granted[number - 1];
  if (next.approval && command.actor.role !== APPROVING_ROLE) {
    throw new DomainError(
      'forbidden',
      `Extension ${number} needs approval: only the ${APPROVING_ROLE} role may grant it`,
    );
  }
  const amount = granted.reduce((total, granted) => total + granted.amount, base.amount);
  const due = dueAt(calendarOf(levels), { unit: base.unit, amount }, toMs(state.filedAt));
  return {
    type: 'ResponseDeadlineExtended',
    data: {
      extension: number,
      finalResponseDueAt: fromMs(due),
      reason: command.reason,
      ...(next.approval && { approvedBy: command.actor.id }),
    },
  };
}

/**
 * A timer's deadline came (docs/domain.md and docs/service-levels.md, Service levels). It records
 * something only when the complaint is still where the timer left it; otherwise it has moved
 * on and nothing is recorded (never a refusal: a timer has nobody to answer to).
 * - escalateForBreach: the target, due at `dueAt`, is still not met (resolve: the current
 *   cycle, open and not paused) and not yet escalated for its breach -> ComplaintEscalated
 *   {sla_breach | ack_breach | final_response_breach}, once per target and cycle.
 * - recordCallbackMissed: the complaint is still in the resolution of `resolvedAt`, with no
 *   reached call-back and no CallbackMissed since it -> CallbackMissed{dueAt}.
 */
function decideTimer(command: TimerComplaintCommand, state: FiledComplaint): ComplaintEvent[] {
  if (command.type === 'escalateForBreach') {
    const target = command.target ?? 'resolve';
    return breachStillDue(state, target, command.dueAt) ? [escalation(state, BREACH_REASON[target])] : [];
  }
  const inThatResolution = state.status === 'resolved' && state.resolvedAt === command.resolvedAt;
  if (!inThatResolution || state.callbackReachedSinceResolution || state.callbackMissedRecorded) return [];
  return [{ type: 'CallbackMissed', data: { dueAt: command.dueAt } }];
}

function breachStillDue(
  state: FiledComplaint,
  target: 'acknowledge' | 'resolve' | 'finalResponse',
  due: Instant,
): boolean {
  switch (target) {
    case 'acknowledge':
      return (
        state.acknowledgeDueAt === due && state.acknowledgedAt === undefined && !state.ackBreachEscalated
      );
    case 'finalResponse':
      return (
        state.finalResponseDueAt === due &&
        state.finalResponseMetAt === undefined &&
        !state.finalResponseBreachEscalated
      );
    case 'resolve': {
      const cycle = state.cycles[state.cycles.length - 1];
      const stillOpen =
        state.status === 'open' && cycle.endedAt === undefined && cycle.pausedAt === undefined;
      return stillOpen && cycle.dueAt === due && !cycle.breachEscalated;
    }
  }
}

function conflict(state: FiledComplaint, message: string): DomainError {
  return new DomainError('conflict', message, { status: state.status });
}

/**
 * Conflict of interest (docs/domain.md): the actor is the agent the complaint is about, who
 * may not act on it. The service's own actors (role `system`) are never anyone's subject.
 */
function isSubject(actor: ActingActor, state: FiledComplaint): boolean {
  return actor.role !== 'system' && state.subjectAgentId !== undefined && actor.id === state.subjectAgentId;
}

function conflictOfInterest(state: FiledComplaint, message: string): DomainError {
  return new DomainError('conflict', message, { status: state.status, reason: 'conflict_of_interest' });
}

function noTarget(message: string): DomainError {
  return new DomainError('invalid', message);
}

function escalation(state: FiledComplaint, reason: EscalationReason, note?: string): ComplaintEvent {
  return {
    type: 'ComplaintEscalated',
    data: { reason, level: state.escalationLevel + 1, ...(note !== undefined && { note }) },
  };
}
