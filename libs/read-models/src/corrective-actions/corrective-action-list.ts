import type { StoredCorrectiveAction } from './corrective-actions-keys';

export const CORRECTIVE_ACTION_LIST_STATUSES = ['open', 'completed', 'overdue'] as const;
export type CorrectiveActionListStatus = (typeof CORRECTIVE_ACTION_LIST_STATUSES)[number];

/** An item of GET /corrective-actions. */
export interface CorrectiveActionItem extends StoredCorrectiveAction {
  status: 'open' | 'completed';
  /** Open and past its dueAt (at the time asked). */
  overdue: boolean;
}

/** The actions in `status` at `nowMs` (all without one), by dueAt then actionId. */
export function correctiveActionItems(
  actions: readonly StoredCorrectiveAction[],
  status: CorrectiveActionListStatus | undefined,
  nowMs: number,
): CorrectiveActionItem[] {
  return actions
    .map((action): CorrectiveActionItem => {
      const open = action.completedAt === undefined;
      return {
        ...action,
        status: open ? 'open' : 'completed',
        overdue: open && Date.parse(action.dueAt) < nowMs,
      };
    })
    .filter((item) => status === undefined || (status === 'overdue' ? item.overdue : item.status === status))
    .sort(
      (a, b) =>
        a.dueAt.localeCompare(b.dueAt) || (a.actionId < b.actionId ? -1 : a.actionId > b.actionId ? 1 : 0),
    );
}
