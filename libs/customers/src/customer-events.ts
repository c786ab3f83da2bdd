export const VALUE_TIERS = ['A', 'B', 'C'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export interface CustomerProfileUpdated {
  segment?: string;
  valueTier?: ValueTier;
}
export interface PurchaseRecorded {
  orderId: string;
  amount: number;
  currency: string;
}

/** Every event of a `customer-<id>` stream. */
export type CustomerEvent =
  | { type: 'CustomerProfileUpdated'; data: CustomerProfileUpdated }
  | { type: 'PurchaseRecorded'; data: PurchaseRecorded };

export const customerStreamId = (customerId: string) => `customer-${customerId}`;
