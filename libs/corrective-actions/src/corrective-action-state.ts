import type { Instant, Occurred } from '@cl/domain';
import type { CorrectiveActionEvent, CorrectiveActionTarget } from './corrective-action-events';

export type CorrectiveActionStatus = 'open' | 'completed';

/** An opened corrective action as its decider sees it. */
export interface OpenedCorrectiveAction {
  exists: true;
  actionId: string;
  target: CorrectiveActionTarget;
  dueAt: Instant;
  status: CorrectiveActionStatus;
  completedAt?: Instant;
  /** The greatest occurredAt in the stream: a command may not occur before it. */
  lastOccurredAt: Instant;
}

export type CorrectiveActionState = { exists: false } | OpenedCorrectiveAction;

export const initialCorrectiveActionState: CorrectiveActionState = { exists: false };

/** Folds one event into the state; an event type the slice does not own leaves it as it is. Pure. */
export function evolveCorrectiveAction(
  state: CorrectiveActionState,
  event: Occurred<CorrectiveActionEvent>,
): CorrectiveActionState {
  switch (event.type) {
    case 'CorrectiveActionOpened':
      return {
        exists: true,
        actionId: event.data.actionId,
        target: event.data.target,
        dueAt: event.data.dueAt,
        status: 'open',
        lastOccurredAt: event.occurredAt,
      };
    case 'CorrectiveActionCompleted':
      if (!state.exists) return state;
      return {
        ...state,
        status: 'completed',
        completedAt: event.data.completedAt,
        lastOccurredAt: event.occurredAt > state.lastOccurredAt ? event.occurredAt : state.lastOccurredAt,
      };
    default:
      return state;
  }
}
