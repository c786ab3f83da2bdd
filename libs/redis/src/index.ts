export * from './redis.module';
export * from './delete-keys-under';
export * from './recovery-board';
export * from './redis-settings';
export * from './redis-settings-check';
