/** Facts about one complaint that the funnel counts (all times in ms since the epoch). */
export interface ComplaintFacts {
  customerId: string;
  filedAt: number;
  category: string;
  channel: string;
  severity: string;
  branchId: string | null;
  /** The first ComplaintResolved, if any. */
  firstResolvedAt: number | null;
  firstOnTheSpot: boolean;
  firstGoodwill: boolean;
  callbackReached: boolean;
  satisfactionSum: number;
  satisfactionCount: number;
}

export function funnelKeys(keyPrefix: string) {
  return {
    /** Hash: complaint id -> ComplaintFacts JSON. */
    complaints: `${keyPrefix}:complaints`,
    /** Sorted set: complaint id by filedAt. */
    filed: `${keyPrefix}:filed`,
    /** Sorted set: `<customerId>:<orderId>` by purchase time. */
    purchases: `${keyPrefix}:purchases`,
    /** Sorted set: the customer's order ids by purchase time. */
    customerPurchases: (customerId: string) => `${keyPrefix}:purchases:${customerId}`,
  };
}
