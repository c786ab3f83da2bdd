import { RISK_CONDITIONS, type RiskConditionId } from '../risk/risk-score';
import type { ConditionsCount } from './backtest-tally';
import { fitLogistic } from './logistic-regression';
import { aucOfCounts, countScore, type ScoreCount } from './roc-auc';

/**
 * What the backtest's rows say the points could be: never applied by itself (docs/domain.md,
 * The backtest; how to read it: docs/early-warning.md).
 */
export interface SuggestedPoints {
  /** Per condition (a code, or a code and its sub-condition): integer points, the largest = the largest configured. */
  points: Record<RiskConditionId, number>;
  /** The configured points per condition (RISK_CONDITIONS), beside the suggested ones. */
  configuredPoints: Record<RiskConditionId, number>;
  /** The AUC of scoring with these points over every (asOf, customer) row; null when a group is empty. */
  auc: number | null;
  /** The configured score's AUC over the same rows. */
  configuredAuc: number | null;
  /** Both AUCs are measured on the rows the points were fitted to. */
  inSample: true;
  /** How many (asOf, customer) rows. */
  rows: number;
}

const LARGEST_CONFIGURED = Math.max(...RISK_CONDITIONS.map((condition) => condition.points));

/**
 * A logistic regression of lost on the conditions present (one indicator per condition) over
 * every row, its weights scaled so the largest equals the largest configured points and
 * rounded; all 0 when no condition raises the odds of loss. Scored as the list scores: the
 * sum of the points of the conditions that hold, capped at 100.
 */
export function suggestPoints(
  conditionCounts: Iterable<ConditionsCount>,
  configuredScores: Iterable<ScoreCount>,
): SuggestedPoints {
  const merged = new Map<number, ConditionsCount>();
  for (const count of conditionCounts) {
    const into = merged.get(count.conditions) ?? { conditions: count.conditions, customers: 0, lost: 0 };
    into.customers += count.customers;
    into.lost += count.lost;
    merged.set(count.conditions, into);
  }
  const groups = [...merged.values()]
    .sort((a, b) => a.conditions - b.conditions)
    .map((count) => ({
      conditions: count.conditions,
      features: RISK_CONDITIONS.map((_, index) => (count.conditions >> index) & 1),
      trials: count.customers,
      successes: count.lost,
    }));
  const { weights } = fitLogistic(groups, RISK_CONDITIONS.length);
  const largest = Math.max(...weights);
  const points = weights.map((weight) =>
    largest > 0 ? Math.round((weight * LARGEST_CONFIGURED) / largest) || 0 : 0,
  );

  const suggested = new Map<number, ScoreCount>();
  for (const group of groups) {
    const score = Math.min(
      100,
      points.reduce((sum, value, index) => sum + value * group.features[index], 0),
    );
    countScore(suggested, score, true, group.successes);
    countScore(suggested, score, false, group.trials - group.successes);
  }
  const configured = new Map<number, ScoreCount>();
  for (const count of configuredScores) {
    countScore(configured, count.score, true, count.lost);
    countScore(configured, count.score, false, count.retained);
  }
  return {
    points: Object.fromEntries(
      RISK_CONDITIONS.map((condition, index) => [condition.id, points[index]]),
    ) as Record<RiskConditionId, number>,
    configuredPoints: Object.fromEntries(
      RISK_CONDITIONS.map((condition) => [condition.id, condition.points]),
    ) as Record<RiskConditionId, number>,
    auc: aucOfCounts(suggested.values()),
    configuredAuc: aucOfCounts(configured.values()),
    inSample: true,
    rows: groups.reduce((sum, group) => sum + group.trials, 0),
  };
}
