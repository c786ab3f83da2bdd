export * from './event-store';
export * from './event-subscription';
export * from './expected-revision';
export * from './recorded-event';
export * from './errors';
export { MAX_EVENT_BYTES, MAX_STREAM_ID_LENGTH } from './append-validation';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export { EsdbEventStore } from './esdb/esdb-event-store';
