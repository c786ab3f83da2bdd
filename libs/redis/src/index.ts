export * from './redis.module';
export * from './delete-keys-under';
export * from './recovery-board';
