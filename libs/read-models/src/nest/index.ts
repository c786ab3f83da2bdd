/** The Nest modules of @cl/read-models (`@cl/read-models/nest`): importing @cl/read-models alone loads no framework. */
export * from './projections.module';
export * from './risk-ranking-refresher';
