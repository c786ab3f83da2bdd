export * from './projection';
export * from './projection-keys';
export * from './projection-lease';
export * from './projection-runner';
export * from './rebuild-projection';
export * from './projection-status';
