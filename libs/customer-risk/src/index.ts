import { decideCustomerRisk } from './decide-customer-risk';
import { evolveCustomerRisk, initialCustomerRiskState } from './customer-risk-state';

export * from './customer-risk-events';
export * from './customer-risk-state';
export * from './decide-customer-risk';

/** The customer-risk slice as one decider: decide, evolve and the initial state. */
export const customerRiskDecider = {
  decide: decideCustomerRisk,
  evolve: evolveCustomerRisk,
  initialState: initialCustomerRiskState,
};
