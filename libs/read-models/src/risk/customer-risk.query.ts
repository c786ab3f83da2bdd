import type { Redis } from 'ioredis';
import { riskKeys, type CustomerRiskFacts } from './customer-risk-facts';
import { assessRisk, type RiskAssessment, type RiskLevel } from './risk-score';

const LEVEL_RANK: Record<RiskLevel, number> = { none: 0, watch: 1, warning: 2, critical: 3 };
const CHUNK = 2000;

export type RankedCustomer = RiskAssessment & { customerId: string };

/** GET /customers/:id/risk and GET /analytics/early-warning from the customer-risk read model, for any asOf. */
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

  /**
   * Every customer at or above `minLevel`, ranked by score desc, value desc, customer id asc.
   * It assesses every customer at asOf (correct for any asOf; a maintained ranking for
   * asOf = now is still to come).
   */
  async ranked(asOf: number, minLevel: RiskLevel, limit: number): Promise<RankedCustomer[]> {
    const keys = riskKeys(await this.keyPrefix());
    const customerIds = await this.redis.smembers(keys.customers);
    const ranked: RankedCustomer[] = [];
    for (let start = 0; start < customerIds.length; start += CHUNK) {
      const ids = customerIds.slice(start, start + CHUNK);
      const stored = await this.redis.mget(ids.map(keys.customer));
      ids.forEach((customerId, index) => {
        if (!stored[index]) return;
        const assessment = assessRisk(JSON.parse(stored[index]!) as CustomerRiskFacts, asOf);
        if (LEVEL_RANK[assessment.level] >= LEVEL_RANK[minLevel]) ranked.push({ customerId, ...assessment });
      });
    }
    ranked.sort(
      (a, b) =>
        b.score - a.score ||
        b.value - a.value ||
        (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    );
    return ranked.slice(0, limit);
  }

  /** Takes up to `count` customers whose facts changed since the last call. */
  async takeChanged(count: number): Promise<string[]> {
    return (await this.redis.spop(riskKeys(await this.keyPrefix()).changed, count)) ?? [];
  }

  async allCustomers(): Promise<string[]> {
    return this.redis.smembers(riskKeys(await this.keyPrefix()).customers);
  }
}
