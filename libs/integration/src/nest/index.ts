/** The Nest modules of @cl/integration (`@cl/integration/nest`): importing @cl/integration alone loads no framework. */
export * from './webhooks.module';
