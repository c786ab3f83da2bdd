/** The EventStoreDB adapter (`@cl/event-store/esdb`): loads @eventstore/db-client. */
export { EsdbEventStore, type EsdbOptions } from './esdb-event-store';
