export * from './domain-error';
export * from './time';
export * from './occurred';
export * from './clock';
export * from './severity';
