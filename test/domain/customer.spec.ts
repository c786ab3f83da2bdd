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

  describe('erasure of personal data', () => {
    const erased = (reason: string): CustomerEvent => ({
      type: 'CustomerDataErased',
      data: { customerId: 'CU-1', reason },
    });
    const erase = (erasurePending: boolean) =>
      ({ type: 'eraseData', customerId: 'CU-1', reason: 'request #7', erasurePending }) as const;

    it('records the erasure of a customer whose keys it deleted', () => {
      spec
        .given(purchase('O-1', 10))
        .when(erase(true))
        .then([erased('request #7')]);
    });

    it('records the erasure of a customer with no event and no key (a record of the request)', () => {
      spec
        .given()
        .when(erase(false))
        .then([erased('request #7')]);
    });

    it('records nothing for a second erasure with no key left and none pending', () => {
      spec.given(purchase('O-1', 10), erased('first')).when(erase(false)).then([]);
    });

    it('records again when keys were deleted since the last erasure recorded (new personal data)', () => {
      spec
        .given(erased('first'), purchase('O-2', 5))
        .when(erase(true))
        .then([erased('request #7')]);
    });

    it('keeps what the stream holds besides: the orders and the profile', () => {
      const state = [
        { type: 'PurchaseRecorded', data: { orderId: 'O-1', amount: 10, currency: 'EUR' } } as const,
        erased('first'),
      ].reduce(
        (folded, event) =>
          customerDecider.evolve(folded, { ...event, occurredAt: '2026-01-01T00:00:00.000Z' }),
        customerDecider.initialState,
      );
      expect(state.erased).toBe(true);
      expect([...state.orderIds]).toEqual(['O-1']);
    });
  });
});
