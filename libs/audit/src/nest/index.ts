/** The Nest modules of @cl/audit (`@cl/audit/nest`): importing @cl/audit alone loads no framework. */
export * from './audit-sealer.module';
