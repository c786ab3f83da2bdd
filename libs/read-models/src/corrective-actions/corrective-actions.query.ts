import type { Redis } from 'ioredis';
import { complaintsFiledBetween } from '../complaint-list/complaints-filed-between';
import {
  ComplaintsByKey,
  correctiveActionEffects,
  effectWindows,
  type CorrectiveActionEffect,
} from './corrective-action-effect';
import {
  correctiveActionItems,
  type CorrectiveActionItem,
  type CorrectiveActionListStatus,
} from './corrective-action-list';
import { correctiveActionsKeys, type StoredCorrectiveAction } from './corrective-actions-keys';

/**
 * GET /corrective-actions, the overdue gauge and GET /analytics/corrective-actions, from the
 * corrective-actions read model (and, for the effect, the complaint-list documents).
 */
export class CorrectiveActionsQuery {
  constructor(
    private readonly redis: Redis,
    /** The corrective-actions read model's key prefix (its active generation). */
    private readonly actionsPrefix: () => Promise<string>,
    /** The complaint-list read model's key prefix (its active generation). */
    private readonly complaintListPrefix: () => Promise<string>,
  ) {}

  async list(
    status: CorrectiveActionListStatus | undefined,
    nowMs = Date.now(),
  ): Promise<CorrectiveActionItem[]> {
    return correctiveActionItems(await this.actions(), status, nowMs);
  }

  /** Open actions past their dueAt: one ZCOUNT. */
  async overdueCount(nowMs = Date.now()): Promise<number> {
    const keys = correctiveActionsKeys(await this.actionsPrefix());
    return this.redis.zcount(keys.openByDueAt, '-inf', `(${nowMs}`);
  }

  /**
   * The effect of every action opened by asOf. The complaints are read once, over the span of
   * every action's windows (the complaint-list documents filed in it, as the problems report
   * reads a period), and counted per action by bisection.
   */
  async effects(asOfMs: number, windowDays: number): Promise<CorrectiveActionEffect[]> {
    const actions = (await this.actions()).filter((action) => Date.parse(action.openedAt) <= asOfMs);
    if (actions.length === 0) return [];
    const windows = actions.flatMap((action) => {
      const { before, after } = effectWindows(action, asOfMs, windowDays);
      return after ? [before, after] : [before];
    });
    const fromMs = Math.min(...windows.map((window) => window.fromMs));
    const toMs = Math.max(...windows.map((window) => window.toMs));
    const complaints = await complaintsFiledBetween(
      this.redis,
      await this.complaintListPrefix(),
      fromMs,
      toMs,
    );
    const dimensions = new Set(actions.map((action) => action.target.by));
    return correctiveActionEffects(actions, new ComplaintsByKey(complaints, dimensions), asOfMs, windowDays);
  }

  private async actions(): Promise<StoredCorrectiveAction[]> {
    const keys = correctiveActionsKeys(await this.actionsPrefix());
    const stored = await this.redis.hvals(keys.actions);
    return stored.map((json) => JSON.parse(json) as StoredCorrectiveAction);
  }
}
