export * from './actor';
export * from './chain-events';
export * from './command-context';
export * from './idempotency-key-reused.error';
export * from './idempotent-ids';
export * from './load-stream';
export * from './revision-mismatch.error';
export * from './stream-writer';
