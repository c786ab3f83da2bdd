export * from './domain-error';
export * from './time';
