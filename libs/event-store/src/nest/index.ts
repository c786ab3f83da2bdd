/** The store in a Nest application (`@cl/event-store/nest`): the EVENT_STORE token and the module that opens either adapter. */
export * from './event-store.module';
