import { DAY_MS } from '@cl/domain';
import type { CustomerRiskFacts } from '../risk/customer-risk-facts';
import { backtestRow } from './backtest-row';
import { BacktestTally, type BacktestOfInstant } from './backtest-tally';
import { suggestPoints, type SuggestedPoints } from './suggested-points';

/** GET /analytics/early-warning/backtest (docs/domain.md, The backtest). */
export interface EarlyWarningBacktest {
  horizonDays: number;
  /** One per asOf, in the order asked. */
  results: BacktestOfInstant[];
  suggested: SuggestedPoints;
}

/**
 * The backtest over customers handed in chunks, in any order: each customer's facts are
 * scored at every asOf as they come, and dropped; only the tallies stay.
 */
export class EarlyWarningBacktestRun {
  private readonly tallies: BacktestTally[];
  private readonly horizonMs: number;

  constructor(
    private readonly asOfs: readonly number[],
    private readonly horizonDays: number,
  ) {
    this.tallies = asOfs.map(() => new BacktestTally());
    this.horizonMs = horizonDays * DAY_MS;
  }

  add(customerId: string, facts: CustomerRiskFacts): void {
    this.asOfs.forEach((asOf, index) => {
      const row = backtestRow(customerId, facts, asOf, this.horizonMs);
      if (row) this.tallies[index].add(row);
    });
  }

  result(): EarlyWarningBacktest {
    return {
      horizonDays: this.horizonDays,
      results: this.tallies.map((tally, index) => tally.result(new Date(this.asOfs[index]).toISOString())),
      suggested: suggestPoints(
        this.tallies.flatMap((tally) => [...tally.conditionCounts()]),
        this.tallies.flatMap((tally) => [...tally.scoreCounts()]),
      ),
    };
  }
}
