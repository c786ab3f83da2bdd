export * from './complaint-list/complaint-list.projection';
export * from './complaint-list/complaint-list.query';
export * from './funnel/funnel.projection';
export * from './funnel/funnel.query';
export * from './funnel/funnel-report';

export * from './all-projections';
export * from './risk/customer-risk.projection';
export * from './risk/customer-risk.query';
export * from './risk/risk-score';
export * from './risk/risk-ranking';
export * from './risk/customer-risk-facts';
export * from './problems/problem-report';
export * from './problems/problems.query';
export * from './risk/risk-snapshot';
export * from './risk/risk-history';
export * from './risk/customer-risk-store';
