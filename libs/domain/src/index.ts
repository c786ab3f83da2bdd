export * from './domain-error';
export * from './time';
export * from './occurred';
export * from './clock';
