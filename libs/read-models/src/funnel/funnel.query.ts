import { DAY_MS } from '@cl/domain';
import type { Redis } from 'ioredis';
import { funnelKeys, type ComplaintFacts } from './funnel-keys';
import { funnelGroups, repurchaseAnchor, type FunnelGroup, type FunnelGroupBy } from './funnel-report';

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

  /**
   * For each, whether the customer has a purchase in (after, after + window]: one Lua call
   * per chunk, so the client does not build a command per complaint.
   */
  private async boughtWithin(
    keys: ReturnType<typeof funnelKeys>,
    checks: readonly { customerId: string; after: number }[],
    windowMs: number,
  ): Promise<boolean[]> {
    const answers: boolean[] = [];
    for (let start = 0; start < checks.length; start += CHUNK) {
      const chunk = checks.slice(start, start + CHUNK);
      const flags = (await this.redis.eval(
        BOUGHT_WITHIN,
        0,
        keys.customerPurchases(''),
        windowMs,
        ...chunk.flatMap(({ customerId, after }) => [customerId, after]),
      )) as string;
      for (let i = 0; i < chunk.length; i++) answers.push(flags[i] === '1');
    }
    return answers;
  }
}

/**
 * ARGV: key prefix of the customers' purchase sets, window (ms), then customer id and anchor
 * pairs. Returns a string of 0/1 flags. It reads only keys named by its arguments under the
 * read model's own prefix, on one Redis node.
 */
const BOUGHT_WITHIN = `
local prefix, window = ARGV[1], tonumber(ARGV[2])
local flags = {}
for i = 3, #ARGV, 2 do
  -- Times are whole milliseconds (13 digits), exact in Lua's numbers and in '%.14g'.
  local found = redis.call('zrangebyscore', prefix .. ARGV[i], '(' .. ARGV[i + 1], tonumber(ARGV[i + 1]) + window, 'LIMIT', 0, 1)
  flags[#flags + 1] = (#found > 0) and '1' or '0'
end
return table.concat(flags)
`;
