/**
 * The event store's port: what the rest of the service depends on. It loads no driver; the
 * adapters have entry points of their own: `@cl/event-store/sqlite`, `@cl/event-store/esdb`,
 * and `@cl/event-store/nest` for the Nest module and its EVENT_STORE token.
 */
export * from './event-store';
export * from './event-subscription';
export * from './expected-revision';
export * from './recorded-event';
export * from './errors';
export { MAX_APPEND_BYTES, MAX_EVENT_BYTES, MAX_STREAM_ID_LENGTH } from './append-validation';
export * from './ready-batches';
export * from './store-identity';
