import type { CustomerRiskEvent, RiskLevel } from './customer-risk-events';

export interface CustomerRiskState {
  /** The level last recorded, `none` before the first change. */
  level: RiskLevel;
}

export const initialCustomerRiskState: CustomerRiskState = { level: 'none' };

/** Folds one event into the state; an event type the slice does not own leaves it as it is. Pure. */
export function evolveCustomerRisk(state: CustomerRiskState, event: CustomerRiskEvent): CustomerRiskState {
  switch (event.type) {
    case 'CustomerRiskChanged':
      return { level: event.data.level };
    default:
      return state;
  }
}
