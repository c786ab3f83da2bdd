import { DAY_MS } from '@cl/domain';
import { firstNamedAt, type CustomerRiskFacts } from './customer-risk-facts';

import type { ReasonCode, RiskLevel, RiskReason } from '@cl/customer-risk';

export type { ReasonCode, RiskLevel };

export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  /** Spend in the 365 days up to asOf. */
  value: number;
  reasons: RiskReason[];
}

/**
 * The early-warning score of one customer at `asOf` (domain.md): only events that occurred
 * at or before asOf count, whatever order they arrived in; each code counts once; capped at 100.
 */
export function assessRisk(facts: CustomerRiskFacts, asOf: number): RiskAssessment {
  const reasons: RiskAssessment['reasons'] = [];
  const add = (code: ReasonCode, points: number, detail: string) => reasons.push({ code, points, detail });
  const inLast = (days: number, at: number) => at > asOf - days * DAY_MS && at <= asOf;

  // SLA_BREACH: a complaint open at asOf whose resolutionDueAt has passed.
  const breached = Object.entries(facts.complaints).filter(([, timeline]) => {
    let open = false;
    let dueAt = 0;
    for (const change of timeline.changes) {
      if (change.at > asOf) break;
      open = change.type === 'filed' || change.type === 'reopened';
      if (open) dueAt = change.dueAt!;
    }
    return open && dueAt < asOf;
  });
  if (breached.length > 0) {
    add('SLA_BREACH', 30, `complaint ${breached[0][0]} is open past its resolution due time`);
  }

  const filed = Object.values(facts.complaints).filter((timeline) => inLast(90, timeline.filedAt)).length;
  if (filed >= 4) add('REPEAT_COMPLAINTS', 25, `${filed} complaints filed in the 90 days up to asOf`);
  else if (filed >= 2) add('REPEAT_COMPLAINTS', 10, `${filed} complaints filed in the 90 days up to asOf`);

  const survey = latest(facts.satisfaction.filter((entry) => entry.at <= asOf));
  if (survey && survey.score <= 2) add('LOW_SATISFACTION', 25, `latest satisfaction score ${survey.score}`);
  else if (survey?.score === 3) add('LOW_SATISFACTION', 10, 'latest satisfaction score 3');

  const callback = latest(facts.callbacks.filter((entry) => entry.at <= asOf));
  if (callback?.attitude === 'dissatisfied') add('NEGATIVE_CALLBACK', 15, 'latest call-back: dissatisfied');
  else if (callback && !callback.reached)
    add('NEGATIVE_CALLBACK', 5, 'latest call-back did not reach the customer');

  const reopened = Object.values(facts.complaints).some((timeline) =>
    timeline.changes.some((change) => change.type === 'reopened' && inLast(90, change.at)),
  );
  if (reopened) add('REOPENED', 10, 'a complaint was reopened in the 90 days up to asOf');

  const purchases = facts.purchases.filter((purchase) => purchase.at <= asOf).sort((a, b) => a.at - b.at);
  const spend = (fromExclusive: number, toInclusive: number) =>
    purchases
      .filter((p) => p.at > fromExclusive && p.at <= toInclusive)
      .reduce((sum, p) => sum + p.amount, 0);
  const recent = spend(asOf - 90 * DAY_MS, asOf);
  const before = spend(asOf - 180 * DAY_MS, asOf - 90 * DAY_MS);
  if (before > 0 && recent < 0.5 * before) {
    add('SPEND_DROP', 20, `spend ${recent} in the last 90 days against ${before} in the 90 days before`);
  }

  const rhythm = purchaseRhythm(purchases);
  if (rhythm && isOverdue(rhythm, asOf)) {
    const since = (asOf - rhythm.lastAt) / DAY_MS;
    add(
      'PURCHASE_OVERDUE',
      15,
      `${since.toFixed(1)} days since the last purchase, median gap ${rhythm.typicalGapDays.toFixed(1)} days`,
    );
  }

  const score = Math.min(
    100,
    reasons.reduce((sum, reason) => sum + reason.points, 0),
  );
  return { score, level: levelOf(score), value: spend(asOf - 365 * DAY_MS, asOf), reasons };
}

/**
 * The earliest whole millisecond after `asOf` at which assessRisk(facts, ·) may give another
 * score or value (reason details, such as days since the last purchase, change anyway), or
 * the customer enters the early-warning list (its first naming, isNamedAt), or Infinity when
 * none can change any more: score, value and being listed at every instant in [asOf, result)
 * are those at asOf. It may be early (a window exit that crosses no threshold), never late.
 */
export function nextChangeAfter(facts: CustomerRiskFacts, asOf: number): number {
  let next = Infinity;
  const consider = (at: number) => {
    if (at > asOf && at < next) next = at;
  };
  const windowExit = (at: number, days: number) => consider(at + days * DAY_MS);

  consider(firstNamedAt(facts));

  for (const timeline of Object.values(facts.complaints)) {
    consider(timeline.filedAt);
    windowExit(timeline.filedAt, 90); // REPEAT_COMPLAINTS
    // The status at asOf, as assessRisk folds it: changes up to the first one after asOf.
    let open = false;
    let dueAt = 0;
    let pastAsOf = false;
    for (const change of timeline.changes) {
      consider(change.at);
      if (change.type === 'reopened') windowExit(change.at, 90); // REOPENED
      pastAsOf ||= change.at > asOf;
      if (pastAsOf) continue;
      open = change.type === 'filed' || change.type === 'reopened';
      if (open) dueAt = change.dueAt!;
    }
    // SLA_BREACH holds from the first millisecond after the due time (dueAt < asOf).
    if (open) consider(dueAt + 1);
  }
  for (const entry of facts.satisfaction) consider(entry.at);
  for (const entry of facts.callbacks) consider(entry.at);
  for (const purchase of facts.purchases) {
    consider(purchase.at);
    windowExit(purchase.at, 90); // from SPEND_DROP's recent 90 days into the 90 days before
    windowExit(purchase.at, 180); // out of SPEND_DROP's 90 days before
    windowExit(purchase.at, 365); // out of the value
  }
  // PURCHASE_OVERDUE, with the purchases up to asOf (a later one is an instant considered above).
  const rhythm = purchaseRhythm(facts.purchases.filter((p) => p.at <= asOf).sort((a, b) => a.at - b.at));
  if (rhythm && !isOverdue(rhythm, asOf)) consider(overdueFrom(rhythm, asOf));
  return next;
}

/**
 * The first whole millisecond after asOf at which isOverdue holds (it never stops holding as
 * time passes): searched from an estimate, so that the same floating-point arithmetic as
 * assessRisk's decides.
 */
function overdueFrom(rhythm: { lastAt: number; typicalGapDays: number }, asOf: number): number {
  const estimate = rhythm.lastAt + Math.floor(2 * rhythm.typicalGapDays * DAY_MS);
  if (!Number.isSafeInteger(estimate)) return Infinity;
  let at = Math.max(asOf + 1, estimate);
  while (at > asOf + 1 && isOverdue(rhythm, at - 1)) at--;
  while (!isOverdue(rhythm, at)) at++;
  return at;
}

/** Of 2+ purchases sorted by time: the last one and the median gap between consecutive ones. */
function purchaseRhythm(sorted: { at: number }[]): { lastAt: number; typicalGapDays: number } | undefined {
  if (sorted.length < 2) return undefined;
  const gaps = sorted.slice(1).map((purchase, i) => (purchase.at - sorted[i].at) / DAY_MS);
  return { lastAt: sorted[sorted.length - 1].at, typicalGapDays: medianOf(gaps) };
}

/** PURCHASE_OVERDUE's condition: fractional days since the last purchase > twice the median gap. */
function isOverdue(rhythm: { lastAt: number; typicalGapDays: number }, asOf: number): boolean {
  return (asOf - rhythm.lastAt) / DAY_MS > 2 * rhythm.typicalGapDays;
}

/** The lowest score of each level. */
export const MIN_SCORE: Record<RiskLevel, number> = { none: 0, watch: 25, warning: 50, critical: 75 };

export function levelOf(score: number): RiskLevel {
  return score >= MIN_SCORE.critical
    ? 'critical'
    : score >= MIN_SCORE.warning
      ? 'warning'
      : score >= MIN_SCORE.watch
        ? 'watch'
        : 'none';
}

/** The greatest occurredAt, ties broken by global position. */
function latest<Entry extends { at: number; position: number }>(entries: Entry[]): Entry | undefined {
  let best: Entry | undefined;
  for (const entry of entries) {
    if (!best || entry.at > best.at || (entry.at === best.at && entry.position > best.position)) best = entry;
  }
  return best;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
