import type { Instant } from '@cl/domain';

/** What a corrective action can target: one problem key of the problems report (docs/domain.md). */
export const CORRECTIVE_TARGET_DIMENSIONS = ['category', 'product', 'branch', 'cause'] as const;
export type CorrectiveTargetDimension = (typeof CORRECTIVE_TARGET_DIMENSIONS)[number];

/** The problem key an action targets: complaints with this category, product, branch or latest root cause. */
export interface CorrectiveActionTarget {
  by: CorrectiveTargetDimension;
  value: string;
}

export interface CorrectiveActionOpened {
  actionId: string;
  target: CorrectiveActionTarget;
  description: string;
  /** Who answers for it (an id). */
  owner: string;
  dueAt: Instant;
}
export interface CorrectiveActionCompleted {
  completedAt: Instant;
  note?: string;
}

/** Every event of a `correctiveAction-<actionId>` stream. */
export type CorrectiveActionEvent =
  | { type: 'CorrectiveActionOpened'; data: CorrectiveActionOpened }
  | { type: 'CorrectiveActionCompleted'; data: CorrectiveActionCompleted };

export const CORRECTIVE_ACTION_EVENT_TYPES: readonly CorrectiveActionEvent['type'][] = [
  'CorrectiveActionOpened',
  'CorrectiveActionCompleted',
];

const CORRECTIVE_ACTION_STREAM_PREFIX = 'correctiveAction-';

export const correctiveActionStreamId = (actionId: string) => `${CORRECTIVE_ACTION_STREAM_PREFIX}${actionId}`;

/** The action id of a `correctiveAction-<id>` stream: the inverse of correctiveActionStreamId. */
export const correctiveActionIdOf = (streamId: string): string =>
  streamId.slice(CORRECTIVE_ACTION_STREAM_PREFIX.length);
