/**
 * Opening the configured store (`@cl/event-store/open`): every entry point (the service, the
 * ROLE=all projection child, the worker, the CLIs) opens it here, so that each one reads and
 * writes the same store: the same SQLite file, or the same EventStoreDB streams under the
 * same EVENTSTORE_STREAM_NAMESPACE. Loads both drivers; the port (`@cl/event-store`) loads none.
 */
import type { EventStore } from '../event-store';
import { EsdbEventStore, type EsdbOptions } from '../esdb/esdb-event-store';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../sqlite/sqlite-event-store';

/** The store of the configuration (EVENT_STORE, DATA_DIR, EVENTSTORE_*). */
export type EventStoreSettings =
  { kind: 'sqlite'; path: string } | { kind: 'esdb'; connectionString: string; streamNamespace?: string };

export interface OpenStoreOptions {
  /**
   * The service (ROLE all or api): a second service on the same SQLite file is refused;
   * workers and tools open it beside the service.
   */
  exclusive?: boolean;
  /** Tools that must never write (the audit, the projection rebuild): appends are refused (SQLite). */
  readOnly?: boolean;
}

/** What opening the store amounts to: the adapter and its options. Building it connects nothing. */
export type StoreOpening =
  | { adapter: 'sqlite'; options: SqliteEventStoreOptions }
  | { adapter: 'esdb'; connectionString: string; options: EsdbOptions };

export function storeOpening(settings: EventStoreSettings, options: OpenStoreOptions = {}): StoreOpening {
  if (settings.kind === 'sqlite') {
    return {
      adapter: 'sqlite',
      options: {
        path: settings.path,
        ...(options.exclusive && { exclusive: true }),
        ...(options.readOnly && { readOnly: true }),
      },
    };
  }
  return {
    adapter: 'esdb',
    connectionString: settings.connectionString,
    options: settings.streamNamespace === undefined ? {} : { streamNamespace: settings.streamNamespace },
  };
}

/** Opens the store an opening describes. */
export function openStore(opening: StoreOpening): EventStore {
  return opening.adapter === 'sqlite'
    ? SqliteEventStore.open(opening.options)
    : EsdbEventStore.connect(opening.connectionString, opening.options);
}

/** Opens the configured store. */
export function openEventStore(settings: EventStoreSettings, options: OpenStoreOptions = {}): EventStore {
  return openStore(storeOpening(settings, options));
}
