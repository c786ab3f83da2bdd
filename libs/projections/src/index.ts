export * from './projection';
export * from './projection-keys';
export * from './projection-lease';
export * from './projection-runner';
export { newerVersion } from './generation-lifecycle';
export { failingBackOffMs, type ProjectionFailing, type ProjectionFailure } from './projection-failures';
export * from './rebuild-projection';
export * from './projection-status';
