export * from './complaint-list/complaint-list.projection';
export * from './complaint-list/complaint-list.query';
