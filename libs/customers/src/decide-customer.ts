import { DomainError } from '@cl/domain';
import type { CustomerEvent, ValueTier } from './customer-events';
import type { CustomerState } from './customer-state';

export type CustomerCommand =
  | { type: 'updateProfile'; segment?: string; valueTier?: ValueTier }
  | { type: 'recordPurchase'; orderId: string; amount: number; currency: string };

/** Decides what a command on a customer records. Customers need no registration. Pure. */
export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  switch (command.type) {
    case 'updateProfile': {
      const { type: _type, ...data } = command;
      return [{ type: 'CustomerProfileUpdated', data }];
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
  }
}
