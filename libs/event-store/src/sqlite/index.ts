/** The embedded SQLite adapter (`@cl/event-store/sqlite`): loads better-sqlite3. */
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
export { applySchema as applySqliteSchema } from './schema';
export { assignNewStoreId, readStoreId } from './schema';
