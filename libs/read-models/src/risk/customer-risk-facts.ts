/** What the early warning needs to know about one customer, times in ms since the epoch. */
export interface CustomerRiskFacts {
  /** Per complaint, its status changes in stream order. */
  complaints: Record<string, ComplaintTimeline>;
  satisfaction: { at: number; position: number; score: number }[];
  callbacks: { at: number; position: number; reached: boolean; attitude?: string }[];
  purchases: { at: number; amount: number }[];
}

export interface ComplaintTimeline {
  filedAt: number;
  changes: { type: 'filed' | 'resolved' | 'reopened' | 'closed'; at: number; dueAt?: number }[];
}

export const emptyRiskFacts = (): CustomerRiskFacts => ({
  complaints: {},
  satisfaction: [],
  callbacks: [],
  purchases: [],
});

export function riskKeys(keyPrefix: string) {
  return {
    /** String: CustomerRiskFacts JSON. */
    customer: (customerId: string) => `${keyPrefix}:customer:${customerId}`,
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
    /** Sorted set: customer id by the instant its ranking entry stops holding. */
    due: `${keyPrefix}:ranking-due`,
    /** Sorted set: customer id by the instant its ranking entry was assessed at. */
    assessed: `${keyPrefix}:ranking-assessed`,
  };
}
