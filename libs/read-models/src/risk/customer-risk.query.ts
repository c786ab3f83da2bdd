import type { Redis } from 'ioredis';
import { isNamedAt, riskKeys } from './customer-risk-facts';
import { customerBase, loadSnapshots, scanFacts, type LoadedSnapshot } from './customer-risk-store';
import { filedComplaintIds, historyEntries } from './risk-history';
import { customerOfMember, RANKING_SNAPSHOT, rankingEntry, WRITE_RANKING_ENTRIES } from './risk-ranking';
import { snapshotOfFacts, type RiskSnapshot } from './risk-snapshot';
import {
  byListRank,
  isListed,
  MIN_SCORE,
  rankSnapshot,
  scoreSnapshot,
  type RiskAssessment,
  type RiskLevel,
} from './risk-score';

export type RankedCustomer = RiskAssessment & { customerId: string };

/** Due customers re-assessed per refreshDue call by the service's refresher. */
const RANKING_REFRESH_BATCH = 500;

/** GET /customers/:id/risk and GET /analytics/early-warning from the customer-risk read model, for any asOf. */
export class CustomerRiskQuery {
  constructor(
    private readonly redis: Redis,
    /** The read model's key prefix (its active generation). */
    private readonly keyPrefix: () => Promise<string>,
  ) {}

  /**
   * Undefined for a customer no event names. At or after the customer's every fact (the
   * usual asOf = now) from its summaries, in O(log n); else from its whole history.
   */
  async assess(customerId: string, asOf: number): Promise<RankedCustomer | undefined> {
    return (await this.assessAll([customerId], asOf)).get(customerId);
  }

  /**
   * The assessments at `asOf` of these customers (absent: no event names the customer), as
   * assess gives each: one round trip per 200 customers.
   */
  async assessAll(customerIds: readonly string[], asOf: number): Promise<Map<string, RankedCustomer>> {
    const assessed = new Map<string, RankedCustomer>();
    for (const [customerId, loaded] of await loadSnapshots(
      this.redis,
      await this.keyPrefix(),
      customerIds,
      asOf,
    ))
      assessed.set(customerId, { customerId, ...scoreSnapshot(loaded.snapshot) });
    return assessed;
  }

  /**
   * The complaints filed for the customer, in filing (log) order, from its history: one
   * read of that customer's keys, whatever the size of the store. Undefined when no event the
   * read model has seen names the customer.
   */
  async filedComplaints(customerId: string): Promise<string[] | undefined> {
    const history = await this.redis.get(`${customerBase(await this.keyPrefix())}${customerId}:history`);
    return history ? filedComplaintIds(historyEntries(history)) : undefined;
  }

  /**
   * Every customer named by an event that occurred at or before asOf, at or above `minLevel`,
   * ranked by score desc, value desc, customer id asc. It folds every customer's history at
   * asOf: correct for any asOf, and slow (rankedNow is for now).
   */
  async ranked(asOf: number, minLevel: RiskLevel, limit: number): Promise<RankedCustomer[]> {
    const keyPrefix = await this.keyPrefix();
    const customerIds = await this.redis.smembers(riskKeys(keyPrefix).customers);
    /** Score and value of each customer at or above minLevel; reasons only for those shown. */
    const candidates: { customerId: string; score: number; value: number; snapshot: RiskSnapshot }[] = [];
    await scanFacts(this.redis, keyPrefix, customerIds, (facts) => {
      for (const [customerId, customer] of facts) {
        if (!isNamedAt(customer, asOf)) continue;
        const snapshot = snapshotOfFacts(customer, asOf);
        const { score, value } = rankSnapshot(snapshot);
        if (score >= MIN_SCORE[minLevel]) candidates.push({ customerId, score, value, snapshot });
      }
    });
    return rank(candidates, limit).map(({ customerId, snapshot }) => ({
      customerId,
      ...scoreSnapshot(snapshot),
    }));
  }

  /**
   * The same list as ranked(now, ...), from the maintained ranking: its top, and the customers
   * whose entry does not hold at `now` (time passed its due instant, a batch changed their
   * facts, or it was assessed after now), these re-assessed at now.
   */
  async rankedNow(minLevel: RiskLevel, limit: number, now = Date.now()): Promise<RankedCustomer[]> {
    const keyPrefix = await this.keyPrefix();
    const keys = riskKeys(keyPrefix);
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
    const candidates = [...new Set([...due, ...ahead, ...top.map(customerOfMember)])];
    const ranked: RankedCustomer[] = [];
    for (const [customerId, { snapshot }] of await loadSnapshots(this.redis, keyPrefix, candidates, now)) {
      if (!isListed(snapshot)) continue;
      const assessment = scoreSnapshot(snapshot);
      if (assessment.score >= MIN_SCORE[minLevel]) ranked.push({ customerId, ...assessment });
    }
    return rank(ranked, limit);
  }

  /**
   * Re-assesses at `now` up to `count` customers whose ranking entry is due, and writes each
   * entry unless the projection changed the customer's facts meanwhile.
   * @returns how many due customers it looked at (fewer than `count`: none is left)
   */
  async refreshDue(now: number, count: number): Promise<number> {
    const keyPrefix = await this.keyPrefix();
    const customerIds = await this.redis.zrangebyscore(
      riskKeys(keyPrefix).due,
      '-inf',
      now,
      'LIMIT',
      0,
      count,
    );
    await refreshRankingEntries(this.redis, keyPrefix, customerIds, now);
    return customerIds.length;
  }

  /**
   * refreshDue in batches (of RANKING_REFRESH_BATCH) until no due customer is left, or after
   * `maxBatches`. @returns how many due customers it looked at
   */
  async refreshDueInBatches(
    now: number,
    { maxBatches = Infinity, batchSize = RANKING_REFRESH_BATCH } = {},
  ): Promise<number> {
    let looked = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const count = await this.refreshDue(now, batchSize);
      looked += count;
      if (count < batchSize) break;
    }
    return looked;
  }

  /** Takes up to `count` customers whose facts changed since the last call. */
  async takeChanged(count: number): Promise<string[]> {
    return (await this.redis.spop(riskKeys(await this.keyPrefix()).changed, count)) ?? [];
  }

  async allCustomers(): Promise<string[]> {
    return this.redis.smembers(riskKeys(await this.keyPrefix()).customers);
  }
}

/**
 * Assesses these customers at `now` (which moves forward) and writes their ranking entries,
 * each unless its facts changed after they were read. Returns how many it wrote.
 */
export async function refreshRankingEntries(
  redis: Redis,
  keyPrefix: string,
  customerIds: readonly string[],
  now: number,
): Promise<number> {
  if (customerIds.length === 0) return 0;
  return writeRankingEntries(redis, keyPrefix, await loadSnapshots(redis, keyPrefix, customerIds, now, true));
}

/**
 * Writes the ranking entries of these customers' snapshots (assessed at an instant that moves
 * forward), each unless its facts changed after they were read. Returns how many it wrote.
 */
export async function writeRankingEntries(
  redis: Redis,
  keyPrefix: string,
  snapshots: ReadonlyMap<string, LoadedSnapshot>,
): Promise<number> {
  const keys = riskKeys(keyPrefix);
  const args: (string | number)[] = [];
  for (const [customerId, loaded] of snapshots) {
    const entry = rankingEntry(customerId, loaded);
    args.push(entry.revision, customerId, entry.zscore, entry.member, entry.due, entry.assessedAt);
  }
  if (args.length === 0) return 0;
  return (await redis.eval(
    WRITE_RANKING_ENTRIES,
    5,
    keys.ranking,
    keys.rankingMember,
    keys.due,
    keys.assessed,
    keys.changed,
    customerBase(keyPrefix),
    ...args,
  )) as number;
}

/** In the list's order (byListRank); the first `limit`. */
function rank<T extends { customerId: string; score: number; value: number }>(
  customers: T[],
  limit: number,
): T[] {
  customers.sort(byListRank);
  return customers.slice(0, limit);
}
