import type { ReasonCode, RiskLevel, RiskReason } from '@cl/customer-risk';
import { DAY_MS } from '@cl/domain';
import type { CustomerRiskFacts } from './customer-risk-facts';
import { type RiskSnapshot, snapshotOfFacts, spendOf } from './risk-snapshot';

export type { ReasonCode, RiskLevel };

export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  /** Spend in the 365 days up to asOf. */
  value: number;
  reasons: RiskReason[];
}

/**
 * The early-warning score of one customer at `asOf` (docs/domain.md): only events that occurred
 * at or before asOf count, whatever order they arrived in; each code counts once; capped at 100.
 */
export function assessRisk(facts: CustomerRiskFacts, asOf: number): RiskAssessment {
  return scoreSnapshot(snapshotOfFacts(facts, asOf));
}

/**
 * The earliest whole millisecond after `asOf` at which assessRisk(facts, ·) may give another
 * score or value (reason details, such as days since the last purchase, change anyway), or
 * the customer enters the early-warning list (its first naming, isNamedAt), or Infinity when
 * none can change any more: score, value and being listed at every instant in [asOf, result)
 * are those at asOf. It may be early (a window exit that crosses no threshold), never late.
 */
export function nextChangeAfter(facts: CustomerRiskFacts, asOf: number): number {
  return nextChangeOfSnapshot(snapshotOfFacts(facts, asOf));
}

/** The rules of docs/domain.md over what a customer's facts say at the snapshot's asOf. */
export function scoreSnapshot(snapshot: RiskSnapshot): RiskAssessment {
  const reasons: RiskReason[] = [];
  const score = applyRules(snapshot, (code, points, detail) =>
    reasons.push({ code, points, detail: detail() }),
  );
  return { score, level: levelOf(score), value: spendOf(snapshot.value), reasons };
}

/** scoreSnapshot's score and value without its reasons' texts (for ranking many customers). */
export function rankSnapshot(snapshot: RiskSnapshot): { score: number; value: number } {
  return { score: applyRules(snapshot, () => undefined), value: spendOf(snapshot.value) };
}

/**
 * The conditions of docs/domain.md's table and their points: one code may have two
 * sub-conditions (e.g. 2-3 or 4+ complaints), of which at most one holds. `id` names the
 * condition (the code, with the sub-condition after a colon); no two conditions of one code
 * have the same points, so a reason's code and points tell its condition (conditionOf).
 */
export const RISK_CONDITIONS = [
  { id: 'SLA_BREACH', code: 'SLA_BREACH', points: 30 },
  { id: 'REPEAT_COMPLAINTS:4+', code: 'REPEAT_COMPLAINTS', points: 25 },
  { id: 'REPEAT_COMPLAINTS:2-3', code: 'REPEAT_COMPLAINTS', points: 10 },
  { id: 'LOW_SATISFACTION:1-2', code: 'LOW_SATISFACTION', points: 25 },
  { id: 'LOW_SATISFACTION:3', code: 'LOW_SATISFACTION', points: 10 },
  { id: 'NEGATIVE_CALLBACK:dissatisfied', code: 'NEGATIVE_CALLBACK', points: 15 },
  { id: 'NEGATIVE_CALLBACK:not-reached', code: 'NEGATIVE_CALLBACK', points: 5 },
  { id: 'REOPENED', code: 'REOPENED', points: 10 },
  { id: 'SPEND_DROP', code: 'SPEND_DROP', points: 20 },
  { id: 'PURCHASE_OVERDUE', code: 'PURCHASE_OVERDUE', points: 15 },
] as const satisfies readonly { id: string; code: ReasonCode; points: number }[];

export type RiskCondition = (typeof RISK_CONDITIONS)[number];
export type RiskConditionId = RiskCondition['id'];

/** Each condition's points by its id: a Map, whose lookups by these ids stay fast. */
const POINTS = new Map<RiskConditionId, RiskCondition>(
  RISK_CONDITIONS.map((condition) => [condition.id, condition]),
);

/** The index in RISK_CONDITIONS of the condition a reason of the score stands for. */
export function conditionOf(reason: { code: ReasonCode; points: number }): number {
  return RISK_CONDITIONS.findIndex(
    (condition) => condition.code === reason.code && condition.points === reason.points,
  );
}

/**
 * Calls `add` for each rule that holds (each code at most once; `detail` builds its text) and
 * returns the score, capped at 100.
 */
function applyRules(
  snapshot: RiskSnapshot,
  add: (code: ReasonCode, points: number, detail: () => string) => void,
): number {
  const { asOf } = snapshot;
  let total = 0;
  const hold = (id: RiskConditionId, detail: () => string) => {
    const { code, points } = POINTS.get(id)!;
    total += points;
    add(code, points, detail);
  };

  if (snapshot.breachedComplaint !== undefined) {
    hold('SLA_BREACH', () => `complaint ${snapshot.breachedComplaint} is open past its resolution due time`);
  }

  const filed = snapshot.filedInWindow;
  if (filed >= 4) hold('REPEAT_COMPLAINTS:4+', () => `${filed} complaints filed in the 90 days up to asOf`);
  else if (filed >= 2)
    hold('REPEAT_COMPLAINTS:2-3', () => `${filed} complaints filed in the 90 days up to asOf`);

  const survey = snapshot.latestSurveyScore;
  if (survey !== undefined && survey <= 2)
    hold('LOW_SATISFACTION:1-2', () => `latest satisfaction score ${survey}`);
  else if (survey === 3) hold('LOW_SATISFACTION:3', () => 'latest satisfaction score 3');

  const callback = snapshot.latestCallback;
  if (callback?.attitude === 'dissatisfied')
    hold('NEGATIVE_CALLBACK:dissatisfied', () => 'latest call-back: dissatisfied');
  else if (callback && !callback.reached)
    hold('NEGATIVE_CALLBACK:not-reached', () => 'latest call-back did not reach the customer');

  if (snapshot.reopenedInWindow) hold('REOPENED', () => 'a complaint was reopened in the 90 days up to asOf');

  const recent = spendOf(snapshot.recentSpend);
  const before = spendOf(snapshot.beforeSpend);
  if (before > 0 && recent < 0.5 * before) {
    hold('SPEND_DROP', () => `spend ${recent} in the last 90 days against ${before} in the 90 days before`);
  }

  const rhythm = snapshot.rhythm;
  if (rhythm && isOverdue(rhythm, asOf)) {
    hold(
      'PURCHASE_OVERDUE',
      () =>
        `${((asOf - rhythm.lastAt) / DAY_MS).toFixed(1)} days since the last purchase, median gap ${rhythm.typicalGapDays.toFixed(1)} days`,
    );
  }
  return Math.min(100, total);
}

/** nextChangeAfter over a snapshot: the earliest instant after asOf that any rule or the listing may move at. */
export function nextChangeOfSnapshot(snapshot: RiskSnapshot): number {
  const { asOf } = snapshot;
  let next = Infinity;
  const consider = (at: number) => {
    if (at > asOf && at < next) next = at;
  };
  consider(snapshot.firstNamedAt);
  consider(snapshot.nextFactAt);
  // SLA_BREACH holds from the first millisecond after the due time (dueAt < asOf).
  consider(snapshot.nextOpenDueAt + 1);
  // Window exits: REPEAT_COMPLAINTS, REOPENED, SPEND_DROP's two windows, the value.
  consider(snapshot.earliestFiledSince90Days + 90 * DAY_MS);
  consider(snapshot.earliestReopenSince90Days + 90 * DAY_MS);
  consider(snapshot.earliestPurchaseSince.days90 + 90 * DAY_MS);
  consider(snapshot.earliestPurchaseSince.days180 + 180 * DAY_MS);
  consider(snapshot.earliestPurchaseSince.days365 + 365 * DAY_MS);
  // PURCHASE_OVERDUE, with the purchases up to asOf (a later one is a fact considered above).
  const rhythm = snapshot.rhythm;
  if (rhythm && !isOverdue(rhythm, asOf)) consider(overdueFrom(rhythm, asOf));
  return next;
}

/**
 * The first whole millisecond after asOf at which isOverdue holds (it never stops holding as
 * time passes): searched from an estimate, so that the same floating-point arithmetic as
 * scoreSnapshot's decides.
 */
function overdueFrom(rhythm: { lastAt: number; typicalGapDays: number }, asOf: number): number {
  const estimate = rhythm.lastAt + Math.floor(2 * rhythm.typicalGapDays * DAY_MS);
  if (!Number.isSafeInteger(estimate)) return Infinity;
  let at = Math.max(asOf + 1, estimate);
  while (at > asOf + 1 && isOverdue(rhythm, at - 1)) at--;
  while (!isOverdue(rhythm, at)) at++;
  return at;
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

/** Whether the early-warning list at the snapshot's asOf covers the customer. */
export function isListed(snapshot: RiskSnapshot): boolean {
  return snapshot.firstNamedAt <= snapshot.asOf;
}

/** The early-warning list's order: score desc, value desc, customer id asc. */
export function byListRank(
  a: { customerId: string; score: number; value: number },
  b: { customerId: string; score: number; value: number },
): number {
  return (
    b.score - a.score ||
    b.value - a.value ||
    (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0)
  );
}
