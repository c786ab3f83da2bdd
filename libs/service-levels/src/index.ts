export * from './policy';
export * from './parse-policy';
export * from './local-dates';
export * from './zone-clock';
export * from './business-calendar';
export * from './deadlines';
export * from './policy-rules';
export * from './calendar-coverage';
