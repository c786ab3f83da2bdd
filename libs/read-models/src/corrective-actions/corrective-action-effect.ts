import type { FiledComplaint } from '@cl/complaints';
import type { CorrectiveActionTarget } from '@cl/corrective-actions';
import { problemKey } from '../problems/problem-report';
import type { StoredCorrectiveAction } from './corrective-actions-keys';

const DAY_MS = 86_400_000;

/** One action of GET /analytics/corrective-actions (docs/domain.md, Corrective actions). */
export interface CorrectiveActionEffect {
  actionId: string;
  target: CorrectiveActionTarget;
  dueAt: string;
  /** null while open at asOf (also when completed after asOf). */
  completedAt: string | null;
  /** The windowDays before completion (before asOf while open). */
  before: { complaints: number; perThirtyDays: number };
  /** From completion up to asOf, at most windowDays; null until completed. */
  after: { complaints: number; perThirtyDays: number | null; days: number } | null;
  /** after.perThirtyDays - before.perThirtyDays; null until completed or while `after` has no time. */
  change: number | null;
}

/** The windows an action's effect is measured over, [fromMs, toMs) each. */
export interface EffectWindows {
  before: { fromMs: number; toMs: number };
  after?: { fromMs: number; toMs: number };
}

/** An action completed at or before asOf: its completion time in ms. */
function completedBy(action: StoredCorrectiveAction, asOfMs: number): number | undefined {
  const completedMs = action.completedAt === undefined ? undefined : Date.parse(action.completedAt);
  return completedMs !== undefined && completedMs <= asOfMs ? completedMs : undefined;
}

export function effectWindows(
  action: StoredCorrectiveAction,
  asOfMs: number,
  windowDays: number,
): EffectWindows {
  const windowMs = windowDays * DAY_MS;
  const completedMs = completedBy(action, asOfMs);
  const end = completedMs ?? asOfMs;
  return {
    before: { fromMs: end - windowMs, toMs: end },
    ...(completedMs !== undefined && {
      after: { fromMs: completedMs, toMs: Math.min(asOfMs, completedMs + windowMs) },
    }),
  };
}

/** The filing times of the complaints under each problem key, sorted, to count windows by bisection. */
export class ComplaintsByKey {
  private readonly times = new Map<string, number[]>();

  constructor(complaints: readonly FiledComplaint[], dimensions: ReadonlySet<CorrectiveActionTarget['by']>) {
    for (const complaint of complaints) {
      const filedMs = Date.parse(complaint.filedAt);
      for (const by of dimensions) {
        const key = `${by}\t${problemKey(complaint, by)}`;
        const list = this.times.get(key);
        if (list) list.push(filedMs);
        else this.times.set(key, [filedMs]);
      }
    }
    for (const list of this.times.values()) list.sort((a, b) => a - b);
  }

  /** Complaints of the target key filed in [fromMs, toMs). */
  count(target: CorrectiveActionTarget, fromMs: number, toMs: number): number {
    const list = this.times.get(`${target.by}\t${target.value}`);
    return list ? lowerBound(list, toMs) - lowerBound(list, fromMs) : 0;
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Per action opened by asOf: complaints of its target key filed in the windowDays before its
 * completion against those filed from its completion up to asOf (at most windowDays), each as
 * a rate per 30 days.
 */
export function correctiveActionEffects(
  actions: readonly StoredCorrectiveAction[],
  complaints: ComplaintsByKey,
  asOfMs: number,
  windowDays: number,
): CorrectiveActionEffect[] {
  return actions
    .filter((action) => Date.parse(action.openedAt) <= asOfMs)
    .map((action): CorrectiveActionEffect => {
      const windows = effectWindows(action, asOfMs, windowDays);
      const beforeCount = complaints.count(action.target, windows.before.fromMs, windows.before.toMs);
      const before = { complaints: beforeCount, perThirtyDays: (beforeCount * 30) / windowDays };
      let after: CorrectiveActionEffect['after'] = null;
      if (windows.after) {
        const afterCount = complaints.count(action.target, windows.after.fromMs, windows.after.toMs);
        const days = (windows.after.toMs - windows.after.fromMs) / DAY_MS;
        after = { complaints: afterCount, perThirtyDays: days > 0 ? (afterCount * 30) / days : null, days };
      }
      return {
        actionId: action.actionId,
        target: action.target,
        dueAt: action.dueAt,
        completedAt: windows.after ? action.completedAt! : null,
        before,
        after,
        change: after?.perThirtyDays == null ? null : after.perThirtyDays - before.perThirtyDays,
      };
    })
    .sort((a, b) => (a.actionId < b.actionId ? -1 : a.actionId > b.actionId ? 1 : 0));
}
