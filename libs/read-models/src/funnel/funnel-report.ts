import { DAY_MS, HOUR_MS, type ResolutionSpeed } from '@cl/domain';

export const FUNNEL_GROUP_BY = [
  'category',
  'channel',
  'severity',
  'branch',
  'resolutionSpeed',
  'month',
  'goodwill',
  'agent',
] as const;
export type FunnelGroupBy = (typeof FUNNEL_GROUP_BY)[number];

/** One complaint as the funnel counts it (all times in ms since the epoch). */
export interface FunnelComplaint {
  /** The customer's number in the read model. */
  customer: number;
  filedAt: number;
  category: string;
  channel: string;
  severity: string;
  branchId: string | null;
  /** The first ComplaintResolved, if any. */
  firstResolvedAt: number | null;
  firstOnTheSpot: boolean;
  firstGoodwill: boolean;
  /** The actor id of the first ComplaintResolved (its metadata's), if any. */
  firstResolvedBy: string | null;
  callbackReached: boolean;
  satisfactionSum: number;
  satisfactionCount: number;
  /** The customer's earliest purchase strictly after the repurchase anchor, if any. */
  nextPurchaseAt: number | null;
}

/** One purchase as the baseline counts it. */
export interface FunnelPurchase {
  customer: number;
  at: number;
  /** The customer's earliest purchase strictly after `at`, if any. */
  nextPurchaseAt: number | null;
}

export interface FunnelGroup {
  key: string;
  filed: number;
  resolved: number;
  callbackReached: number;
  satisfied: number;
  repurchased: number;
  rates: { resolved: number; callbackReached: number; satisfied: number; repurchased: number };
  medianHoursToResolve: number | null;
}

export interface FunnelBaseline {
  customers: number;
  repurchased: number;
  rate: number;
}

/** The `groupBy=agent` key of the complaints never resolved (docs/domain.md, Funnel definition). */
export const UNRESOLVED = 'unresolved';
/** The `groupBy=agent` key of a first resolution recorded without an actor (none is, in practice). */
export const UNKNOWN_ACTOR = 'unknown';

/** docs/domain.md, Resolution speed buckets. */
export function resolutionSpeed(complaint: FunnelComplaint): ResolutionSpeed {
  if (complaint.firstResolvedAt === null) return 'unresolved';
  if (complaint.firstOnTheSpot) return 'on_the_spot';
  const hours = (complaint.firstResolvedAt - complaint.filedAt) / HOUR_MS;
  return hours <= 24 ? 'within_1d' : hours <= 72 ? 'within_3d' : 'slower';
}

export function groupKey(complaint: FunnelComplaint, groupBy: FunnelGroupBy | undefined): string {
  switch (groupBy) {
    case undefined:
      return 'all';
    case 'category':
      return complaint.category;
    case 'channel':
      return complaint.channel;
    case 'severity':
      return complaint.severity;
    case 'branch':
      return complaint.branchId ?? 'none';
    case 'resolutionSpeed':
      return resolutionSpeed(complaint);
    case 'month':
      return new Date(complaint.filedAt).toISOString().slice(0, 7);
    case 'goodwill':
      return complaint.firstResolvedAt !== null && complaint.firstGoodwill ? 'yes' : 'no';
    case 'agent':
      return complaint.firstResolvedAt === null ? UNRESOLVED : (complaint.firstResolvedBy ?? UNKNOWN_ACTOR);
  }
}

/** The repurchase anchor: the first resolution, or the filing of a complaint never resolved. */
export function repurchaseAnchor(complaint: { filedAt: number; firstResolvedAt: number | null }): number {
  return complaint.firstResolvedAt ?? complaint.filedAt;
}

/**
 * Whether the customer bought in (after, after + window]: exactly when the earliest purchase
 * strictly after `after` is at most `after + window`.
 */
export function boughtWithin(after: number, nextPurchaseAt: number | null, windowMs: number): boolean {
  return nextPurchaseAt !== null && nextPurchaseAt <= after + windowMs;
}

interface GroupTally {
  filed: number;
  callbackReached: number;
  satisfied: number;
  repurchased: number;
  hoursToResolve: number[];
}

/**
 * The funnel's groups (docs/domain.md, Funnel definition), counted one complaint at a time for a
 * repurchase window of `windowMs`. `add` keeps nothing of the complaint it is given, so a
 * caller may reuse one object for every complaint.
 */
export class FunnelTally {
  private readonly groups = new Map<string, GroupTally>();
  /** The month of a filing day, worked out once per day rather than per complaint. */
  private readonly months = new Map<number, string>();

  constructor(
    private readonly groupBy: FunnelGroupBy | undefined,
    private readonly windowMs: number,
  ) {
    if (groupBy === undefined) this.groups.set('all', emptyTally());
  }

  add(complaint: FunnelComplaint): void {
    const key = this.keyOf(complaint);
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = emptyTally()));
    group.filed += 1;
    if (complaint.firstResolvedAt !== null) {
      group.hoursToResolve.push((complaint.firstResolvedAt - complaint.filedAt) / HOUR_MS);
    }
    if (complaint.callbackReached) group.callbackReached += 1;
    if (complaint.satisfactionCount > 0 && complaint.satisfactionSum / complaint.satisfactionCount >= 4) {
      group.satisfied += 1;
    }
    if (boughtWithin(repurchaseAnchor(complaint), complaint.nextPurchaseAt, this.windowMs)) {
      group.repurchased += 1;
    }
  }

  /** The groups sorted by key; without groupBy one group `all`, also for no complaint. */
  result(): FunnelGroup[] {
    return [...this.groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, { filed, callbackReached, satisfied, repurchased, hoursToResolve }]) => {
        const resolved = hoursToResolve.length;
        const rate = (count: number) => (filed === 0 ? 0 : count / filed);
        return {
          key,
          filed,
          resolved,
          callbackReached,
          satisfied,
          repurchased,
          rates: {
            resolved: rate(resolved),
            callbackReached: rate(callbackReached),
            satisfied: rate(satisfied),
            repurchased: rate(repurchased),
          },
          medianHoursToResolve: median(hoursToResolve),
        };
      });
  }

  private keyOf(complaint: FunnelComplaint): string {
    if (this.groupBy !== 'month') return groupKey(complaint, this.groupBy);
    const day = Math.floor(complaint.filedAt / DAY_MS);
    let month = this.months.get(day);
    if (month === undefined) this.months.set(day, (month = groupKey(complaint, 'month')));
    return month;
  }
}

function emptyTally(): GroupTally {
  return { filed: 0, callbackReached: 0, satisfied: 0, repurchased: 0, hoursToResolve: [] };
}

/**
 * The baseline beside the funnel: of the customers with a purchase in the period and no
 * complaint filed in it, the share who bought again within the window after their first
 * purchase in the period. Purchases in the period and the customers who complained in it are
 * added one at a time, in any order; `add` keeps nothing of the purchase it is given.
 */
export class BaselineTally {
  private readonly firstAt = new Map<number, number>();
  private readonly nextAfterFirst = new Map<number, number | null>();
  private readonly complained = new Set<number>();

  constructor(private readonly windowMs: number) {}

  addComplained(customer: number): void {
    this.complained.add(customer);
  }

  add(purchase: FunnelPurchase): void {
    const first = this.firstAt.get(purchase.customer);
    if (first !== undefined && first <= purchase.at) return;
    this.firstAt.set(purchase.customer, purchase.at);
    this.nextAfterFirst.set(purchase.customer, purchase.nextPurchaseAt);
  }

  result(): FunnelBaseline {
    let [customers, repurchased] = [0, 0];
    for (const [customer, at] of this.firstAt) {
      if (this.complained.has(customer)) continue;
      customers += 1;
      if (boughtWithin(at, this.nextAfterFirst.get(customer)!, this.windowMs)) repurchased += 1;
    }
    return { customers, repurchased, rate: customers === 0 ? 0 : repurchased / customers };
  }
}

/** The mean of the two middle values for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
