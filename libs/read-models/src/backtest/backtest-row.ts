import { DAY_MS } from '@cl/domain';
import type { CustomerRiskFacts } from '../risk/customer-risk-facts';
import { conditionOf, scoreSnapshot } from '../risk/risk-score';
import { snapshotOfFacts } from '../risk/risk-snapshot';

/** One customer of the backtest's population at one asOf (docs/domain.md, The backtest). */
export interface BacktestRow {
  customerId: string;
  /** The early-warning list's score and value at asOf. */
  score: number;
  value: number;
  /** Bit i set: the condition RISK_CONDITIONS[i] gave points at asOf. */
  conditions: number;
  /** No purchase in (asOf, asOf + horizon]. */
  lost: boolean;
}

/**
 * The customer's row at `asOf`, or undefined when it is not in the population (no purchase
 * in the 365 days up to asOf). Score, value and reasons are the list's own (scoreSnapshot of
 * snapshotOfFacts, as the list's asOf scan assesses).
 */
export function backtestRow(
  customerId: string,
  facts: CustomerRiskFacts,
  asOf: number,
  horizonMs: number,
): BacktestRow | undefined {
  let inPopulation = false;
  let purchasedAfter = false;
  for (const { at } of facts.purchases) {
    if (at > asOf - 365 * DAY_MS && at <= asOf) inPopulation = true;
    else if (at > asOf && at <= asOf + horizonMs) purchasedAfter = true;
  }
  if (!inPopulation) return undefined;
  const { score, value, reasons } = scoreSnapshot(snapshotOfFacts(facts, asOf));
  let conditions = 0;
  for (const reason of reasons) conditions |= 1 << conditionOf(reason);
  return { customerId, score, value, conditions, lost: !purchasedAfter };
}
