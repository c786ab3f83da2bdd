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

/**
 * The customer's personal data was erased (docs/privacy.md): their data keys are deleted, so
 * every personal field sealed under them reads `"[erased]"`. Published: subscribers erase
 * their copies too. `reason` is the operator's (a ticket, a rule), never personal data.
 */
export interface CustomerDataErased {
  customerId: string;
  reason: string;
}

/** Every event of a `customer-<id>` stream. */
export type CustomerEvent =
  | { type: 'CustomerProfileUpdated'; data: CustomerProfileUpdated }
  | { type: 'PurchaseRecorded'; data: PurchaseRecorded }
  | { type: 'CustomerDataErased'; data: CustomerDataErased };

const CUSTOMER_STREAM_PREFIX = 'customer-';

export const customerStreamId = (customerId: string) => `${CUSTOMER_STREAM_PREFIX}${customerId}`;

/** Whether a stream is a customer's (`customer-<id>`). */
export const isCustomerStream = (streamId: string): boolean => streamId.startsWith(CUSTOMER_STREAM_PREFIX);

/** The customer id of a `customer-<id>` stream: the inverse of customerStreamId. */
export const customerIdOf = (streamId: string): string => streamId.slice(CUSTOMER_STREAM_PREFIX.length);
