import { DomainError, type Decider } from '@cl/domain';
import type { CustomerEvent, ValueTier } from './customer-events';
import { evolveCustomer, initialCustomerState, type CustomerState } from './customer-state';

export type CustomerCommand =
  | { type: 'updateProfile'; segment?: string; valueTier?: ValueTier }
  | { type: 'recordPurchase'; orderId: string; amount: number; currency: string }
  /**
   * Records an erasure whose keys were just deleted (docs/privacy.md). `erasurePending`: keys
   * of the customer were deleted (by this erasure, or by an earlier one that stopped before it
   * was recorded) and no CustomerDataErased has announced it yet; without that, an erasure
   * already recorded makes this one a repeat that records nothing.
   */
  | { type: 'eraseData'; customerId: string; reason: string; erasurePending: boolean };

/** Decides what a command on a customer records. Customers need no registration. Pure. */
function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  switch (command.type) {
    case 'updateProfile': {
      return [
        {
          type: 'CustomerProfileUpdated',
          data: {
            ...(command.segment !== undefined && { segment: command.segment }),
            ...(command.valueTier !== undefined && { valueTier: command.valueTier }),
          },
        },
      ];
    }
    case 'recordPurchase':
      if (state.orderIds.has(command.orderId)) {
        throw new DomainError('conflict', `Order ${command.orderId} is already recorded for this customer`, {
          orderId: command.orderId,
        });
      }
      return [
        {
          type: 'PurchaseRecorded',
          data: { orderId: command.orderId, amount: command.amount, currency: command.currency },
        },
      ];
    case 'eraseData':
      if (state.erased && !command.erasurePending) return [];
      return [
        { type: 'CustomerDataErased', data: { customerId: command.customerId, reason: command.reason } },
      ];
  }
}

export type CustomerDecider = Decider<CustomerCommand, CustomerEvent, CustomerState>;

/** The customers slice as one decider: decide, evolve and the initial state. */
export const customerDecider: CustomerDecider = {
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomerState,
};
