import { DomainError } from '@cl/domain';
import { decideCustomer, evolveCustomer, initialCustomerState, type CustomerEvent } from '@cl/customers';

const fold = (events: CustomerEvent[]) => events.reduce(evolveCustomer, initialCustomerState);

describe('customer', () => {
  it('records a purchase for a customer with no stream yet', () => {
    expect(
      decideCustomer({ type: 'recordPurchase', orderId: 'O-1', amount: 10, currency: 'EUR' }, fold([])),
    ).toEqual([{ type: 'PurchaseRecorded', data: { orderId: 'O-1', amount: 10, currency: 'EUR' } }]);
  });

  it('refuses an orderId already recorded for the customer', () => {
    const state = fold([{ type: 'PurchaseRecorded', data: { orderId: 'O-1', amount: 10, currency: 'EUR' } }]);
    expect(() =>
      decideCustomer({ type: 'recordPurchase', orderId: 'O-1', amount: 5, currency: 'EUR' }, state),
    ).toThrow(DomainError);
  });

  it('merges profile updates', () => {
    const state = fold([
      { type: 'CustomerProfileUpdated', data: { segment: 'retail' } },
      { type: 'CustomerProfileUpdated', data: { valueTier: 'A' } },
    ]);
    expect(state.profile).toEqual({ segment: 'retail', valueTier: 'A' });
    expect(decideCustomer({ type: 'updateProfile', valueTier: 'B' }, state)).toEqual([
      { type: 'CustomerProfileUpdated', data: { valueTier: 'B' } },
    ]);
  });
});
