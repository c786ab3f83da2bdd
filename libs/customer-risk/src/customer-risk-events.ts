export const RISK_LEVELS = ['none', 'watch', 'warning', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const REASON_CODES = [
  'SLA_BREACH',
  'REPEAT_COMPLAINTS',
  'LOW_SATISFACTION',
  'NEGATIVE_CALLBACK',
  'REOPENED',
  'SPEND_DROP',
  'PURCHASE_OVERDUE',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface RiskReason {
  code: ReasonCode;
  points: number;
  detail: string;
}

export interface CustomerRiskChanged {
  score: number;
  level: RiskLevel;
  previousLevel: RiskLevel;
  reasons: RiskReason[];
  /** The instant the customer was assessed at (ISO-8601). */
  asOf: string;
}

/** Every event of a `customerRisk-<id>` stream. */
export type CustomerRiskEvent = { type: 'CustomerRiskChanged'; data: CustomerRiskChanged };

/**
 * The category has no `-` (docs/domain.md, Streams): no customer id can make this stream's name
 * another customer's `customer-<id>` stream, or the reverse.
 */
export const customerRiskStreamId = (customerId: string) => `customerRisk-${customerId}`;
