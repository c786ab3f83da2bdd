import { REASON_CODES, type ReasonCode } from '@cl/customer-risk';
import { byListRank, MIN_SCORE, RISK_CONDITIONS } from '../risk/risk-score';
import type { BacktestRow } from './backtest-row';
import { aucOfCounts, countScore, type ScoreCount } from './roc-auc';

/** The levels a backtest flags at: a customer is flagged at a level when its score is at or above it. */
export const FLAGGED_LEVELS = ['watch', 'warning', 'critical'] as const;
export type FlaggedLevel = (typeof FLAGGED_LEVELS)[number];

export interface LossCount {
  customers: number;
  lost: number;
  /** lost / customers; null when there is no customer. */
  lossRate: number | null;
}

/** The backtest at one asOf (docs/domain.md, The backtest). */
export interface BacktestOfInstant {
  asOf: string;
  customers: number;
  lost: number;
  lossRate: number | null;
  auc: number | null;
  byLevel: {
    level: FlaggedLevel;
    customers: number;
    lost: number;
    /** lost / customers flagged; null when none is flagged. */
    precision: number | null;
    /** lost flagged / lost; null when none was lost. */
    recall: number | null;
  }[];
  topDecile: { customers: number; lost: number; lift: number | null };
  byReason: { code: ReasonCode; with: LossCount; without: LossCount }[];
}

/** Customers and lost of the rows with one set of conditions. */
export interface ConditionsCount {
  conditions: number;
  customers: number;
  lost: number;
}

/** The bits of RISK_CONDITIONS that stand for each code. */
const CODE_MASK = Object.fromEntries(
  REASON_CODES.map((code) => [
    code,
    RISK_CONDITIONS.reduce(
      (mask, condition, index) => (condition.code === code ? mask | (1 << index) : mask),
      0,
    ),
  ]),
) as Record<ReasonCode, number>;

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The rows of one asOf, added one by one in any order, and what the backtest says of them.
 * It keeps counts per score and per set of conditions, and the rows a top decile may come
 * from (each row: an id shared with the other asOf, three numbers and a flag).
 */
export class BacktestTally {
  private readonly byScore = new Map<number, ScoreCount>();
  private readonly byConditions = new Map<number, ConditionsCount>();
  private readonly rows: BacktestRow[] = [];

  add(row: BacktestRow): void {
    countScore(this.byScore, row.score, row.lost);
    let count = this.byConditions.get(row.conditions);
    if (!count)
      this.byConditions.set(row.conditions, (count = { conditions: row.conditions, customers: 0, lost: 0 }));
    count.customers++;
    if (row.lost) count.lost++;
    this.rows.push(row);
  }

  /** The counts per score (the configured score), for an AUC over several asOf. */
  scoreCounts(): Iterable<ScoreCount> {
    return this.byScore.values();
  }

  /** The counts per set of conditions, for the regression. */
  conditionCounts(): Iterable<ConditionsCount> {
    return this.byConditions.values();
  }

  result(asOf: string): BacktestOfInstant {
    let customers = 0;
    let lost = 0;
    for (const count of this.byScore.values()) {
      customers += count.lost + count.retained;
      lost += count.lost;
    }
    const lossRate = rate(lost, customers);
    const byLevel = FLAGGED_LEVELS.map((level) => {
      let flagged = 0;
      let flaggedLost = 0;
      for (const count of this.byScore.values()) {
        if (count.score < MIN_SCORE[level]) continue;
        flagged += count.lost + count.retained;
        flaggedLost += count.lost;
      }
      return {
        level,
        customers: flagged,
        lost: flaggedLost,
        precision: rate(flaggedLost, flagged),
        recall: rate(flaggedLost, lost),
      };
    });
    const top = this.topDecile(customers);
    const topRate = rate(top.lost, top.customers);
    const byReason = REASON_CODES.map((code) => {
      const within = { customers: 0, lost: 0 };
      for (const count of this.byConditions.values()) {
        if ((count.conditions & CODE_MASK[code]) === 0) continue;
        within.customers += count.customers;
        within.lost += count.lost;
      }
      const outside = { customers: customers - within.customers, lost: lost - within.lost };
      return {
        code,
        with: { ...within, lossRate: rate(within.lost, within.customers) },
        without: { ...outside, lossRate: rate(outside.lost, outside.customers) },
      };
    });
    return {
      asOf,
      customers,
      lost,
      lossRate,
      auc: aucOfCounts(this.byScore.values()),
      byLevel,
      topDecile: {
        ...top,
        lift: topRate === null || lossRate === null || lossRate === 0 ? null : topRate / lossRate,
      },
      byReason,
    };
  }

  /**
   * The ceil(10%) first customers in the list's order: those above the lowest score the decile
   * reaches, and of that score the first by the list's order.
   */
  private topDecile(customers: number): { customers: number; lost: number } {
    const size = Math.ceil(customers / 10);
    if (size === 0) return { customers: 0, lost: 0 };
    let lowest = Infinity;
    let reached = 0;
    for (const count of [...this.byScore.values()].sort((a, b) => b.score - a.score)) {
      lowest = count.score;
      reached += count.lost + count.retained;
      if (reached >= size) break;
    }
    const top = this.rows
      .filter((row) => row.score >= lowest)
      .sort(byListRank)
      .slice(0, size);
    return { customers: size, lost: top.filter((row) => row.lost).length };
  }
}
