import type { CustomerEvent, ValueTier } from './customer-events';

export interface CustomerState {
  exists: boolean;
  profile: { segment?: string; valueTier?: ValueTier };
  orderIds: ReadonlySet<string>;
}

export const initialCustomerState: CustomerState = { exists: false, profile: {}, orderIds: new Set() };

/** Folds one event into the state; an event type the slice does not own leaves it as it is. Pure. */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return { ...state, exists: true, profile: { ...state.profile, ...event.data } };
    case 'PurchaseRecorded':
      return { ...state, exists: true, orderIds: new Set([...state.orderIds, event.data.orderId]) };
    default:
      return state;
  }
}
