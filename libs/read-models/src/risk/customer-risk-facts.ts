/** What the early warning needs to know about one customer, times in ms since the epoch. */
export interface CustomerRiskFacts {
  /**
   * The earliest occurredAt of any event naming the customer (profile updates included): the
   * early-warning list covers the customer from then on. The projection always sets it;
   * facts built without it (in tests) fall back as firstNamedAt() says.
   */
  firstNamedAt?: number;
  /** Per complaint, its status changes in stream order. */
  complaints: Record<string, ComplaintTimeline>;
  satisfaction: { at: number; position: number; score: number }[];
  callbacks: { at: number; position: number; reached: boolean; attitude?: string }[];
  purchases: { at: number; amount: number }[];
}

export interface ComplaintTimeline {
  filedAt: number;
  /**
   * `dueAt`: of a filing, reopening or resume, the resolve target's recorded due time. A pause
   * stops the target (no breach while paused, unless its due time had passed when it began).
   */
  changes: {
    type: 'filed' | 'resolved' | 'reopened' | 'closed' | 'paused' | 'resumed';
    at: number;
    dueAt?: number;
  }[];
}

export const emptyRiskFacts = (): CustomerRiskFacts => ({
  complaints: {},
  satisfaction: [],
  callbacks: [],
  purchases: [],
});

/** The earliest instant a Date can hold: "named since ever". */
const EARLIEST_INSTANT = -8.64e15;

/**
 * When the customer was first named by an event. Facts without `firstNamedAt` fall back to
 * their earliest fact time, and with no fact at all to the earliest instant (listed at every
 * asOf). Stored facts always have it: read models of version 1, which did not, are rebuilt.
 */
export function firstNamedAt(facts: CustomerRiskFacts): number {
  if (facts.firstNamedAt !== undefined) return facts.firstNamedAt;
  let earliest = Infinity;
  for (const timeline of Object.values(facts.complaints)) earliest = Math.min(earliest, timeline.filedAt);
  for (const entry of [...facts.satisfaction, ...facts.callbacks, ...facts.purchases]) {
    earliest = Math.min(earliest, entry.at);
  }
  return earliest === Infinity ? EARLIEST_INSTANT : earliest;
}

/** Whether the early-warning list at asOf covers the customer: some event naming it occurred by then. */
export function isNamedAt(facts: CustomerRiskFacts, asOf: number): boolean {
  return firstNamedAt(facts) <= asOf;
}

export function riskKeys(keyPrefix: string) {
  return {
    /** The keys of one customer's facts (customer-risk-store.ts); the scripts build the same names. */
    customer: (customerId: string) => customerRiskKeys(`${keyPrefix}:customer:${customerId}`),
    /** Set: customers whose facts changed since the early-warning reactor last looked. */
    changed: `${keyPrefix}:changed`,
    /** Set: every customer an event names. */
    customers: `${keyPrefix}:customers`,
    /** Hash: complaint id -> customer id (later complaint events do not name the customer). */
    complaintCustomer: `${keyPrefix}:complaint-customer`,
    /** Sorted set: the maintained ranking for asOf = now (see risk-ranking.ts). */
    ranking: `${keyPrefix}:ranking`,
    /** Hash: customer id -> its member in `ranking`. */
    rankingMember: `${keyPrefix}:ranking-member`,
    /** Sorted set: customer id by the instant its ranking entry stops holding (-inf: to assess). */
    due: `${keyPrefix}:ranking-due`,
    /** Sorted set: customer id by the instant its ranking entry was assessed at. */
    assessed: `${keyPrefix}:ranking-assessed`,
  };
}

/**
 * One customer's facts: appended to, never rewritten whole, so an event costs the same
 * however long the customer's history is. `history` is what queries at any asOf fold; the
 * rest are the summaries an assessment at or after every fact reads in O(log n).
 */
function customerRiskKeys(base: string) {
  return {
    /**
     * String: every fact in arrival order, one entry a line (tab-separated fields,
     * risk-history.ts), appended to; its length in bytes is the facts' revision. One string
     * rather than a list: a scan of every customer reads each history as one value.
     */
    history: `${base}:history`,
    /** Hash: named (first naming), maxAt (latest fact), survey and callback (the latest of each). */
    summary: `${base}:summary`,
    /**
     * Hash: per window (purchases 90, 180 and 365 days, filings and reopenings 90 days) the
     * sum or count of the facts after b minus its length and the earliest of them; the
     * purchases' number and latest time (customer-risk-store.ts). Moved forward as time passes.
     */
    windows: `${base}:windows`,
    /** Sorted set: complaint id by filing time. */
    filings: `${base}:filings`,
    /** Sorted set: complaint id by due time, of the complaints open after their last change. */
    open: `${base}:open`,
    /** Sorted set: `<complaint id>:<position>` by reopening time. */
    reopens: `${base}:reopens`,
    /** Sorted set: `<position>:<scaled amount>` by purchase time. */
    purchases: `${base}:purchases`,
    /** Sorted set: each purchase but the first (its member) by the gap to the one before it, in ms. */
    gaps: `${base}:gaps`,
  };
}
