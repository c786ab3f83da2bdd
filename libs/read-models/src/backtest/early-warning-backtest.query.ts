import type { Redis } from 'ioredis';
import { riskKeys } from '../risk/customer-risk-facts';
import { scanFacts } from '../risk/customer-risk-store';
import { EarlyWarningBacktestRun, type EarlyWarningBacktest } from './early-warning-backtest';

/** GET /analytics/early-warning/backtest from the customer-risk read model's histories. */
export class EarlyWarningBacktestQuery {
  constructor(
    private readonly redis: Redis,
    /** The customer-risk read model's key prefix (its active generation). */
    private readonly keyPrefix: () => Promise<string>,
  ) {}

  /** Every customer's history read once, in chunks, and scored at each asOf (ms). */
  async backtest(asOfs: readonly number[], horizonDays: number): Promise<EarlyWarningBacktest> {
    const keyPrefix = await this.keyPrefix();
    const customerIds = await this.redis.smembers(riskKeys(keyPrefix).customers);
    const run = new EarlyWarningBacktestRun(asOfs, horizonDays);
    await scanFacts(this.redis, keyPrefix, customerIds, (facts) => {
      for (const [customerId, customer] of facts) run.add(customerId, customer);
    });
    return run.result();
  }
}
