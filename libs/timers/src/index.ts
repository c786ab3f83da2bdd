export * from './timer-job';
export * from './timers-set-by';
export * from './timer-handler';
export * from './timer-scheduler';
export * from './service-level-timers';
export * from './due-time-index';
export * from './timer-promoter';
export * from './timer-jobs';
