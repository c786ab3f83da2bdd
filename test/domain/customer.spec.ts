import { customerDecider, type CustomerEvent } from '@cl/customers';
import { deciderSpec } from '../support/decider-spec';

const spec = deciderSpec(customerDecider);
const purchase = (orderId: string, amount: number): CustomerEvent => ({
  type: 'PurchaseRecorded',
  data: { orderId, amount, currency: 'EUR' },
});

describe('customer', () => {
  it('records a purchase for a customer with no stream yet', () => {
    spec
      .given()
      .when({ type: 'recordPurchase', orderId: 'O-1', amount: 10, currency: 'EUR' })
      .then([purchase('O-1', 10)]);
  });

  it('refuses an orderId already recorded for the customer', () => {
    spec
      .given(purchase('O-1', 10))
      .when({ type: 'recordPurchase', orderId: 'O-1', amount: 5, currency: 'EUR' })
      .thenRefused('conflict', { orderId: 'O-1' });
  });

  it('merges profile updates', () => {
    const { evolve, initialState } = customerDecider;
    const at = '2026-01-01T00:00:00.000Z';
    const state = [
      { type: 'CustomerProfileUpdated', data: { segment: 'retail' }, occurredAt: at } as const,
      { type: 'CustomerProfileUpdated', data: { valueTier: 'A' }, occurredAt: at } as const,
    ].reduce(evolve, initialState);
    expect(state.profile).toEqual({ segment: 'retail', valueTier: 'A' });
    spec
      .given(
        { type: 'CustomerProfileUpdated', data: { segment: 'retail' } },
        { type: 'CustomerProfileUpdated', data: { valueTier: 'A' } },
      )
      .when({ type: 'updateProfile', valueTier: 'B' })
      .then([{ type: 'CustomerProfileUpdated', data: { valueTier: 'B' } }]);
  });
});
