import type { Redis } from 'ioredis';
import { isNamedAt, riskKeys, type CustomerRiskFacts } from './customer-risk-facts';
import { customerOfMember, RANKING_SNAPSHOT, rankingEntry, REFRESH_RANKING, sha1Hex } from './risk-ranking';
import { assessRisk, MIN_SCORE, type RiskAssessment, type RiskLevel } from './risk-score';

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
   * Every customer named by an event that occurred at or before asOf, at or above `minLevel`,
   * ranked by score desc, value desc, customer id asc. It assesses every customer at asOf:
   * correct for any asOf, and slow (rankedNow is for now).
   */
  async ranked(asOf: number, minLevel: RiskLevel, limit: number): Promise<RankedCustomer[]> {
    const keys = riskKeys(await this.keyPrefix());
    return this.assessAndRank(await this.redis.smembers(keys.customers), keys, asOf, minLevel, limit);
  }

  /**
   * The same list as ranked(now, ...), from the maintained ranking: its top, and the customers
   * whose entry does not hold at `now` (time passed its due instant, or it was assessed
   * after now), both re-assessed at now. (Every customer has an entry: the projection writes
   * it with the facts, and a read model of version 1, without ranking, is rebuilt.)
   */
  async rankedNow(minLevel: RiskLevel, limit: number, now = Date.now()): Promise<RankedCustomer[]> {
    const keys = riskKeys(await this.keyPrefix());
    const [due, ahead, top] = (await this.redis.eval(
      RANKING_SNAPSHOT,
      3,
      keys.ranking,
      keys.due,
      keys.assessed,
      now,
      -MIN_SCORE[minLevel],
      limit,
    )) as [string[], string[], string[]];
    const candidates = new Set([...due, ...ahead, ...top.map(customerOfMember)]);
    return this.assessAndRank([...candidates], keys, now, minLevel, limit);
  }

  /**
   * Re-assesses at `now` up to `count` customers whose ranking entry is due, and writes each
   * entry unless the projection changed the customer's facts meanwhile.
   * @returns how many due customers it looked at (fewer than `count`: none is left)
   */
  async refreshDue(now: number, count: number): Promise<number> {
    const keys = riskKeys(await this.keyPrefix());
    const customerIds = await this.redis.zrangebyscore(keys.due, '-inf', now, 'LIMIT', 0, count);
    if (customerIds.length === 0) return 0;
    const stored = await this.redis.mgetBuffer(customerIds.map(keys.customer));
    const factsKeys: string[] = [];
    const args: string[] = [];
    customerIds.forEach((customerId, index) => {
      const bytes = stored[index];
      if (!bytes) return;
      const facts = JSON.parse(bytes.toString('utf8')) as CustomerRiskFacts;
      factsKeys.push(keys.customer(customerId));
      const entry = rankingEntry(customerId, facts, now);
      args.push(sha1Hex(bytes), customerId, entry.zscore, entry.member, entry.due, entry.assessedAt);
    });
    if (factsKeys.length > 0) {
      await this.redis.eval(
        REFRESH_RANKING,
        5 + factsKeys.length,
        keys.ranking,
        keys.rankingMember,
        keys.due,
        keys.assessed,
        keys.changed,
        ...factsKeys,
        ...args,
      );
    }
    return customerIds.length;
  }

  /** Takes up to `count` customers whose facts changed since the last call. */
  async takeChanged(count: number): Promise<string[]> {
    return (await this.redis.spop(riskKeys(await this.keyPrefix()).changed, count)) ?? [];
  }

  async allCustomers(): Promise<string[]> {
    return this.redis.smembers(riskKeys(await this.keyPrefix()).customers);
  }

  private async assessAndRank(
    customerIds: string[],
    keys: ReturnType<typeof riskKeys>,
    asOf: number,
    minLevel: RiskLevel,
    limit: number,
  ): Promise<RankedCustomer[]> {
    const ranked: RankedCustomer[] = [];
    for (let start = 0; start < customerIds.length; start += CHUNK) {
      const ids = customerIds.slice(start, start + CHUNK);
      const stored = await this.redis.mget(ids.map(keys.customer));
      ids.forEach((customerId, index) => {
        if (!stored[index]) return;
        const facts = JSON.parse(stored[index]!) as CustomerRiskFacts;
        if (!isNamedAt(facts, asOf)) return;
        const assessment = assessRisk(facts, asOf);
        if (assessment.score >= MIN_SCORE[minLevel]) ranked.push({ customerId, ...assessment });
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
}
