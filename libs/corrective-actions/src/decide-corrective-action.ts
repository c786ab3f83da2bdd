import { DomainError, type Decider, type Instant, type Timed } from '@cl/domain';
import type { CorrectiveActionEvent, CorrectiveActionTarget } from './corrective-action-events';
import {
  evolveCorrectiveAction,
  initialCorrectiveActionState,
  type CorrectiveActionState,
} from './corrective-action-state';

/** What a user asks of a corrective action (docs/domain.md, Corrective actions). */
export type CorrectiveActionCommand =
  | {
      type: 'openCorrectiveAction';
      actionId: string;
      target: CorrectiveActionTarget;
      description: string;
      owner: string;
      dueAt: Instant;
    }
  | { type: 'completeCorrectiveAction'; note?: string };

export type CorrectiveActionDecider = Decider<
  Timed<CorrectiveActionCommand>,
  CorrectiveActionEvent,
  CorrectiveActionState
>;

/**
 * Opened once; completed once, at the command's occurredAt, then nothing more. Refusals in the
 * order of complaint commands: 404, 422 before the stream's last event, 409 already completed.
 * Pure.
 */
function decideCorrectiveAction(
  command: Timed<CorrectiveActionCommand>,
  state: CorrectiveActionState,
): CorrectiveActionEvent[] {
  if (command.type === 'openCorrectiveAction') {
    if (state.exists) {
      throw new DomainError('conflict', `Corrective action ${command.actionId} already exists`, {
        status: state.status,
      });
    }
    const { actionId, target, description, owner, dueAt } = command;
    return [
      {
        type: 'CorrectiveActionOpened',
        data: { actionId, target: { by: target.by, value: target.value }, description, owner, dueAt },
      },
    ];
  }
  if (!state.exists) throw new DomainError('not_found', 'Corrective action not found');
  if (command.occurredAt < state.lastOccurredAt) {
    throw new DomainError(
      'out_of_order',
      `occurredAt ${command.occurredAt} is earlier than the action's last event (${state.lastOccurredAt})`,
      { lastOccurredAt: state.lastOccurredAt },
    );
  }
  if (state.status === 'completed') {
    throw new DomainError('conflict', `The corrective action was already completed (${state.completedAt})`, {
      status: state.status,
    });
  }
  return [
    {
      type: 'CorrectiveActionCompleted',
      data: {
        completedAt: command.occurredAt,
        ...(command.note !== undefined && { note: command.note }),
      },
    },
  ];
}

/** The corrective-actions slice as one decider: decide, evolve and the initial state. */
export const correctiveActionDecider: CorrectiveActionDecider = {
  decide: decideCorrectiveAction,
  evolve: evolveCorrectiveAction,
  initialState: initialCorrectiveActionState,
};
