import type { CustomerEvent, ValueTier } from './customer-events';

export interface CustomerState {
  exists: boolean;
  profile: { segment?: string; valueTier?: ValueTier };
  orderIds: ReadonlySet<string>;
  /** CustomerDataErased was recorded (the customer may have new keys since: new personal data). */
  erased: boolean;
}

export const initialCustomerState: CustomerState = {
  exists: false,
  profile: {},
  orderIds: new Set(),
  erased: false,
};

/** Folds one event into the state; an event type the slice does not own leaves it as it is. Pure. */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return { ...state, exists: true, profile: { ...state.profile, ...event.data } };
    case 'PurchaseRecorded':
      return { ...state, exists: true, orderIds: new Set([...state.orderIds, event.data.orderId]) };
    case 'CustomerDataErased':
      return { ...state, erased: true };
    default:
      return state;
  }
}
