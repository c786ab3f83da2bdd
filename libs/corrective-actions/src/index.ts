export * from './corrective-action-events';
export * from './corrective-action-state';
export * from './decide-corrective-action';
