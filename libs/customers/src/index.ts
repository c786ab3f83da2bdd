export * from './customer-events';
export * from './customer-state';
export * from './decide-customer';
