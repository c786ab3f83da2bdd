import type { Occurred } from '@cl/domain';
import {
  customerRiskDecider,
  customerRiskStreamId,
  type CustomerRiskEvent,
  type RecordRiskAssessment,
} from '@cl/customer-risk';
import { customerStreamId, evolveCustomer, initialCustomerState, type CustomerEvent } from '@cl/customers';
import { evolveComplaint, initialComplaintState, type OccurredComplaintEvent } from '@cl/complaints';
import { deciderSpec } from '../support/decider-spec';

const { evolve, initialState } = customerRiskDecider;
const spec = deciderSpec(customerRiskDecider);
const AT = '2026-01-01T00:00:00.000Z';
const assessment = (level: RecordRiskAssessment['level'], score: number): RecordRiskAssessment => ({
  type: 'recordRiskAssessment',
  score,
  level,
  reasons: [],
  asOf: '2026-01-01T00:00:00.000Z',
});
const changed = (level: RecordRiskAssessment['level']) => ({
  type: 'CustomerRiskChanged' as const,
  data: { score: 0, level, previousLevel: 'none' as const, reasons: [], asOf: AT },
  occurredAt: AT,
});

describe('customer-risk slice', () => {
  it('records a change of level with the previous level, and nothing when the level stays', () => {
    spec
      .given()
      .when(assessment('watch', 30))
      .then([
        {
          type: 'CustomerRiskChanged',
          data: { score: 30, level: 'watch', previousLevel: 'none', reasons: [], asOf: AT },
        },
      ]);
    spec.given(changed('watch')).when(assessment('watch', 40)).then([]);
    expect(spec.given(changed('watch')).when(assessment('none', 0)).decided()[0].data.previousLevel).toBe(
      'watch',
    );
  });

  it("no customer id makes one customer's stream another's (categories have no '-')", () => {
    expect(customerRiskStreamId('abc')).toBe('customerRisk-abc');
    expect(customerStreamId('risk-abc')).not.toBe(customerRiskStreamId('abc'));
  });

  it('every fold ignores event types it does not own', () => {
    const purchase = {
      type: 'PurchaseRecorded',
      data: { orderId: 'O', amount: 1, currency: 'EUR' },
      occurredAt: AT,
    };
    const watching = evolve(initialState, changed('watch'));
    expect(evolve(watching, purchase as unknown as Occurred<CustomerRiskEvent>)).toBe(watching);
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
