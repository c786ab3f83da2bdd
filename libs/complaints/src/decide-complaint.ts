import { addHours, DomainError, type Instant } from '@cl/domain';
import type {
  ComplaintCommand,
  ServiceLevels,
  TimerComplaintCommand,
  UserComplaintCommand,
} from './complaint-commands';
import type { ComplaintEvent } from './complaint-events';
import type { ComplaintState, ComplaintStatus, FiledComplaint } from './complaint-state';

/** Which statuses each command is allowed in (domain.md, rules of the lifecycle). */
const ALLOWED: Record<Exclude<UserComplaintCommand['type'], 'file'>, readonly ComplaintStatus[]> = {
  assign: ['open', 'resolved'],
  escalate: ['open', 'resolved'],
  resolve: ['open'],
  reopen: ['resolved'],
  recordCallback: ['resolved'],
  recordSatisfaction: ['resolved', 'closed'],
  close: ['open', 'resolved'],
};

/**
 * Decides what a command on a complaint records, or refuses it with a DomainError.
 * Pure: everything it needs comes in as arguments.
 */
export function decideComplaint(
  command: ComplaintCommand,
  state: ComplaintState,
  occurredAt: Instant,
  levels: ServiceLevels,
): ComplaintEvent[] {
  if (command.type === 'file') {
    if (state.exists) {
      throw new DomainError('conflict', `Complaint ${command.complaintId} already exists`, {
        status: state.status,
      });
    }
    const { type: _type, ...data } = command;
    return [
      {
        type: 'ComplaintFiled',
        data: { ...data, resolutionDueAt: addHours(occurredAt, levels.slaHours[command.severity]) },
      },
    ];
  }
  if (!state.exists) throw new DomainError('not_found', 'Complaint not found');
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
    throw new DomainError('conflict', `Cannot ${command.type} a complaint that is ${state.status}`, {
      status: state.status,
    });
  }

  switch (command.type) {
    case 'assign':
      return [{ type: 'ComplaintAssigned', data: { agentId: command.agentId } }];
    case 'escalate':
      return [escalation(state, 'manual', command.note)];
    case 'resolve':
      return [
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
          },
        },
      ];
    case 'reopen':
      return [
        {
          type: 'ComplaintReopened',
          data: {
            reason: command.reason,
            resolutionDueAt: addHours(occurredAt, levels.slaHours[state.severity]),
          },
        },
      ];
    case 'recordCallback': {
      const { type: _type, ...data } = command;
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
        { type: 'ComplaintClosed', data: command.reason === undefined ? {} : { reason: command.reason } },
      ];
  }
}

/**
 * A timer's deadline came (domain.md, Service levels). It records something only when the
 * complaint is still where the timer left it; otherwise it has moved on and nothing is
 * recorded (never a refusal: a timer has nobody to answer to).
 * - escalateForBreach: the current cycle, due at `dueAt`, is still open and not yet
 *   escalated for its breach -> ComplaintEscalated{sla_breach}, once per cycle.
 * - recordCallbackMissed: the complaint is still in the resolution of `resolvedAt`, with no
 *   reached call-back and no CallbackMissed since it -> CallbackMissed{dueAt}.
 */
function decideTimer(command: TimerComplaintCommand, state: FiledComplaint): ComplaintEvent[] {
  if (command.type === 'escalateForBreach') {
    const cycle = state.cycles[state.cycles.length - 1];
    const stillOpen = state.status === 'open' && cycle.endedAt === undefined;
    if (!stillOpen || cycle.dueAt !== command.dueAt || cycle.breachEscalated) return [];
    return [escalation(state, 'sla_breach')];
  }
  const inThatResolution = state.status === 'resolved' && state.resolvedAt === command.resolvedAt;
  if (!inThatResolution || state.callbackReachedSinceResolution || state.callbackMissedRecorded) return [];
  return [{ type: 'CallbackMissed', data: { dueAt: command.dueAt } }];
}

function escalation(
  state: FiledComplaint,
  reason: 'manual' | 'negative_callback' | 'low_satisfaction' | 'sla_breach',
  note?: string,
): ComplaintEvent {
  return {
    type: 'ComplaintEscalated',
    data: { reason, level: state.escalationLevel + 1, ...(note !== undefined && { note }) },
  };
}
