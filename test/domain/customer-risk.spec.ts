import {
  customerRiskDecider,
  customerRiskStreamId,
  type CustomerRiskEvent,
  type RecordRiskAssessment,
} from '@cl/customer-risk';
import { customerStreamId, evolveCustomer, initialCustomerState, type CustomerEvent } from '@cl/customers';
import { evolveComplaint, initialComplaintState, type OccurredComplaintEvent } from '@cl/complaints';

const { decide, evolve, initialState } = customerRiskDecider;
const assessment = (level: RecordRiskAssessment['level'], score: number): RecordRiskAssessment => ({
  type: 'recordRiskAssessment',
  score,
  level,
  reasons: [],
  asOf: '2026-01-01T00:00:00.000Z',
});
const changed = (level: RecordRiskAssessment['level']): CustomerRiskEvent => ({
  type: 'CustomerRiskChanged',
  data: { score: 0, level, previousLevel: 'none', reasons: [], asOf: '2026-01-01T00:00:00.000Z' },
});

describe('customer-risk slice', () => {
  it('records a change of level with the previous level, and nothing when the level stays', () => {
    expect(decide(assessment('watch', 30), initialState)).toEqual([
      {
        type: 'CustomerRiskChanged',
        data: {
          score: 30,
          level: 'watch',
          previousLevel: 'none',
          reasons: [],
          asOf: '2026-01-01T00:00:00.000Z',
        },
      },
    ]);
    const watching = evolve(initialState, changed('watch'));
    expect(decide(assessment('watch', 40), watching)).toEqual([]);
    expect(decide(assessment('none', 0), watching)[0].data.previousLevel).toBe('watch');
  });

  it("no customer id makes one customer's stream another's (categories have no '-')", () => {
    expect(customerRiskStreamId('abc')).toBe('customerRisk-abc');
    expect(customerStreamId('risk-abc')).not.toBe(customerRiskStreamId('abc'));
  });

  it('every fold ignores event types it does not own', () => {
    const purchase = { type: 'PurchaseRecorded', data: { orderId: 'O', amount: 1, currency: 'EUR' } };
    const watching = evolve(initialState, changed('watch'));
    expect(evolve(watching, purchase as unknown as CustomerRiskEvent)).toBe(watching);
    expect(evolveCustomer(initialCustomerState, changed('watch') as unknown as CustomerEvent)).toBe(
      initialCustomerState,
    );
    expect(
      evolveComplaint(initialComplaintState, {
        ...changed('watch'),
        occurredAt: '2026-01-01T00:00:00.000Z',
      } as unknown as OccurredComplaintEvent),
    ).toBe(initialComplaintState);
  });
});
