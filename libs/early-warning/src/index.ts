export * from './risk-reactor';
