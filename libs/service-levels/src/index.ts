export * from './policy';
export * from './parse-policy';
export * from './local-dates';
