import type { CorrectiveActionTarget } from '@cl/corrective-actions';

/** A corrective action as the read model keeps it: its opening, and its completion once there. */
export interface StoredCorrectiveAction {
  actionId: string;
  target: CorrectiveActionTarget;
  description: string;
  owner: string;
  dueAt: string;
  openedAt: string;
  completedAt?: string;
  note?: string;
}

export function correctiveActionsKeys(keyPrefix: string) {
  return {
    /** Hash: actionId -> StoredCorrectiveAction (JSON). */
    actions: `${keyPrefix}:actions`,
    /** Sorted set of the open actions, scored by their dueAt (ms): the overdue ones are a range. */
    openByDueAt: `${keyPrefix}:open-by-due-at`,
  };
}
