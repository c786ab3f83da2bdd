import type { Redis } from 'ioredis';
import { riskKeys, type CustomerRiskFacts } from './customer-risk-facts';
import { assessRisk, type RiskAssessment } from './risk-score';

/** GET /customers/:id/risk from the customer-risk read model, for any asOf. */
export class CustomerRiskQuery {
  constructor(
    private readonly redis: Redis,
    /** The read model's key prefix (its active generation). */
    private readonly keyPrefix: () => Promise<string>,
  ) {}

  /** Undefined for a customer no event names. */
  async assess(
    customerId: string,
    asOf: number,
  ): Promise<(RiskAssessment & { customerId: string }) | undefined> {
    const stored = await this.redis.get(riskKeys(await this.keyPrefix()).customer(customerId));
    if (!stored) return undefined;
    return { customerId, ...assessRisk(JSON.parse(stored) as CustomerRiskFacts, asOf) };
  }
}
