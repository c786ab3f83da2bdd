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

const CUSTOMER_STREAM_PREFIX = 'customer-';

export const customerStreamId = (customerId: string) => `${CUSTOMER_STREAM_PREFIX}${customerId}`;

/** Whether a stream is a customer's (`customer-<id>`). */
export const isCustomerStream = (streamId: string): boolean => streamId.startsWith(CUSTOMER_STREAM_PREFIX);

/** The customer id of a `customer-<id>` stream: the inverse of customerStreamId. */
export const customerIdOf = (streamId: string): string => streamId.slice(CUSTOMER_STREAM_PREFIX.length);
