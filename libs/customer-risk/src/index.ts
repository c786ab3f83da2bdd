import type { Decider } from '@cl/domain';
import type { CustomerRiskEvent } from './customer-risk-events';
import { decideCustomerRisk, type CustomerRiskCommand } from './decide-customer-risk';
import { evolveCustomerRisk, initialCustomerRiskState, type CustomerRiskState } from './customer-risk-state';

export * from './customer-risk-events';
export * from './customer-risk-state';
export * from './decide-customer-risk';

export type CustomerRiskDecider = Decider<CustomerRiskCommand, CustomerRiskEvent, CustomerRiskState>;

/** The customer-risk slice as one decider: decide, evolve and the initial state. */
export const customerRiskDecider: CustomerRiskDecider = {
  decide: decideCustomerRisk,
  evolve: evolveCustomerRisk,
  initialState: initialCustomerRiskState,
};
