import { DAY_MS } from '@cl/domain';
import type { CustomerRiskFacts } from './customer-risk-facts';

export type RiskLevel = 'none' | 'watch' | 'warning' | 'critical';
export type ReasonCode =
  | 'SLA_BREACH'
  | 'REPEAT_COMPLAINTS'
  | 'LOW_SATISFACTION'
  | 'NEGATIVE_CALLBACK'
  | 'REOPENED'
  | 'SPEND_DROP'
  | 'PURCHASE_OVERDUE';

export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  /** Spend in the 365 days up to asOf. */
  value: number;
  reasons: { code: ReasonCode; points: number; detail: string }[];
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

  if (purchases.length >= 2) {
    const gaps = purchases.slice(1).map((purchase, i) => (purchase.at - purchases[i].at) / DAY_MS);
    const typical = medianOf(gaps);
    const since = (asOf - purchases[purchases.length - 1].at) / DAY_MS;
    if (since > 2 * typical) {
      add(
        'PURCHASE_OVERDUE',
        15,
        `${since.toFixed(1)} days since the last purchase, median gap ${typical.toFixed(1)} days`,
      );
    }
  }

  const score = Math.min(
    100,
    reasons.reduce((sum, reason) => sum + reason.points, 0),
  );
  return { score, level: levelOf(score), value: spend(asOf - 365 * DAY_MS, asOf), reasons };
}

export function levelOf(score: number): RiskLevel {
  return score >= 75 ? 'critical' : score >= 50 ? 'warning' : score >= 25 ? 'watch' : 'none';
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
