export * from './background.module';
export * from './shutdown-on-signals';
