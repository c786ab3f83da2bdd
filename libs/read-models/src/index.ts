export * from './complaint-list/complaint-list.projection';
export * from './complaint-list/complaint-list.query';
export * from './funnel/funnel.projection';
export * from './funnel/funnel.query';
export * from './funnel/funnel-report';

export * from './all-projections';
