import type { Redis } from 'ioredis';
import { funnelKeys, type ComplaintFacts } from './funnel-keys';
import { funnelGroups, repurchaseAnchor, type FunnelGroup, type FunnelGroupBy } from './funnel-report';

const DAY_MS = 86_400_000;
const CHUNK = 5000;

export interface FunnelReport {
  from: string;
  to: string;
  repurchaseWindowDays: number;
  groups: FunnelGroup[];
  baseline: { customers: number; repurchased: number; rate: number };
}

/** GET /analytics/funnel from the funnel read model. */
export class FunnelQuery {
  constructor(
    private readonly redis: Redis,
    /** The read model's key prefix (its active generation). */
    private readonly keyPrefix: () => Promise<string>,
  ) {}

  async report(
    from: string,
    to: string,
    groupBy: FunnelGroupBy | undefined,
    windowDays: number,
  ): Promise<FunnelReport> {
    const keys = funnelKeys(await this.keyPrefix());
    const [fromMs, toMs, windowMs] = [Date.parse(from), Date.parse(to), windowDays * DAY_MS];

    const ids = await this.redis.zrangebyscore(keys.filed, fromMs, `(${toMs}`);
    const facts: ComplaintFacts[] = [];
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = await this.redis.hmget(keys.complaints, ...ids.slice(start, start + CHUNK));
      for (const stored of chunk) if (stored) facts.push(JSON.parse(stored) as ComplaintFacts);
    }
    const repurchased = await this.boughtWithin(
      keys,
      facts.map((complaint) => ({ customerId: complaint.customerId, after: repurchaseAnchor(complaint) })),
      windowMs,
    );
    const groups = funnelGroups(
      facts.map((complaint, index) => ({ facts: complaint, repurchased: repurchased[index] })),
      groupBy,
    );

    // Baseline: customers who bought in [from, to) and filed no complaint then.
    const complained = new Set(facts.map((complaint) => complaint.customerId));
    const purchases = await this.redis.zrangebyscore(keys.purchases, fromMs, `(${toMs}`, 'WITHSCORES');
    const firstPurchase = new Map<string, number>();
    for (let i = 0; i < purchases.length; i += 2) {
      const customerId = purchases[i].slice(0, purchases[i].indexOf(':'));
      if (!complained.has(customerId) && !firstPurchase.has(customerId)) {
        firstPurchase.set(customerId, Number(purchases[i + 1]));
      }
    }
    const baselineCustomers = [...firstPurchase.entries()].map(([customerId, after]) => ({
      customerId,
      after,
    }));
    const boughtAgain = (await this.boughtWithin(keys, baselineCustomers, windowMs)).filter(Boolean).length;
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      repurchaseWindowDays: windowDays,
      groups,
      baseline: {
        customers: baselineCustomers.length,
        repurchased: boughtAgain,
        rate: baselineCustomers.length === 0 ? 0 : boughtAgain / baselineCustomers.length,
      },
    };
  }

  /** For each, whether the customer has a purchase in (after, after + window]. */
  private async boughtWithin(
    keys: ReturnType<typeof funnelKeys>,
    checks: readonly { customerId: string; after: number }[],
    windowMs: number,
  ): Promise<boolean[]> {
    const answers: boolean[] = [];
    for (let start = 0; start < checks.length; start += CHUNK) {
      const pipeline = this.redis.pipeline();
      for (const { customerId, after } of checks.slice(start, start + CHUNK)) {
        pipeline.zrangebyscore(
          keys.customerPurchases(customerId),
          `(${after}`,
          after + windowMs,
          'LIMIT',
          0,
          1,
        );
      }
      const results = (await pipeline.exec()) ?? [];
      for (const [error, found] of results) {
        if (error) throw error;
        answers.push((found as string[]).length > 0);
      }
    }
    return answers;
  }
}
