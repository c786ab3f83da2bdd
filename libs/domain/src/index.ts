export * from './domain-error';
export * from './time';
export * from './occurred';
export * from './clock';
export * from './severity';
export * from './seeded-random';
export * from './resolution-speed';
export * from './id';
