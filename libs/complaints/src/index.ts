export * from './complaint-events';
export * from './complaint-commands';
export * from './complaint-state';
export * from './decide-complaint';
export * from './complaint-view';
