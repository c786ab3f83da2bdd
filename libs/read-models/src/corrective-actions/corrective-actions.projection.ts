import {
  CORRECTIVE_ACTION_EVENT_TYPES,
  correctiveActionIdOf,
  type CorrectiveActionEvent,
} from '@cl/corrective-actions';
import { toOccurred } from '@cl/domain';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { correctiveActionsKeys, type StoredCorrectiveAction } from './corrective-actions-keys';

/**
 * The corrective actions (behind GET /corrective-actions, the overdue gauge and their
 * measured effect): one hash entry per action, and the open ones in a sorted set by due time.
 * Actions are few (thousands at most), so a list reads the whole hash; the overdue count is one
 * ZCOUNT. It reads only its two event types: the other events only move its checkpoint.
 */
export const correctiveActionsProjection: Projection = {
  name: 'corrective-actions',
  eventTypes: CORRECTIVE_ACTION_EVENT_TYPES,

  async project(
    events: readonly RecordedEvent[],
    { redis, tx, keyPrefix }: ProjectionContext,
  ): Promise<void> {
    const keys = correctiveActionsKeys(keyPrefix);
    const ids = [...new Set(events.map((event) => correctiveActionIdOf(event.streamId)))];
    const stored = await redis.hmget(keys.actions, ...ids);
    const actions = new Map<string, StoredCorrectiveAction | undefined>(
      ids.map((id, index) => [
        id,
        stored[index] ? (JSON.parse(stored[index]!) as StoredCorrectiveAction) : undefined,
      ]),
    );
    for (const recorded of events) {
      const id = correctiveActionIdOf(recorded.streamId);
      const action = actions.get(id);
      const event = toOccurred<CorrectiveActionEvent>(recorded);
      if (event.type === 'CorrectiveActionOpened') {
        const { data } = event;
        actions.set(id, {
          actionId: data.actionId,
          target: data.target,
          description: data.description,
          owner: data.owner,
          dueAt: data.dueAt,
          openedAt: event.occurredAt,
        });
      } else if (event.type === 'CorrectiveActionCompleted' && action) {
        const { data } = event;
        actions.set(id, {
          ...action,
          completedAt: data.completedAt,
          ...(data.note !== undefined && { note: data.note }),
        });
      }
    }
    const writes: string[] = [];
    const open: (string | number)[] = [];
    const completed: string[] = [];
    for (const [id, action] of actions) {
      if (!action) continue;
      writes.push(id, JSON.stringify(action));
      if (action.completedAt === undefined) open.push(Date.parse(action.dueAt), id);
      else completed.push(id);
    }
    if (writes.length > 0) tx.hset(keys.actions, ...writes);
    if (open.length > 0) tx.zadd(keys.openByDueAt, ...open);
    if (completed.length > 0) tx.zrem(keys.openByDueAt, ...completed);
  },
};
