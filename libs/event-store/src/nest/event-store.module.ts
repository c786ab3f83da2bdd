import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../event-store';
import { EsdbEventStore } from '../esdb/esdb-event-store';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';

export const EVENT_STORE = Symbol('EVENT_STORE');

export type EventStoreSettings =
  { kind: 'sqlite'; path: string } | { kind: 'esdb'; connectionString: string; streamNamespace?: string };

/**
 * Opens the configured store. `exclusive` (the service, ROLE all or api): a second service on
 * the same SQLite file is refused; workers and tools open it beside the service.
 */
export function openEventStore(
  settings: EventStoreSettings,
  options: { exclusive?: boolean } = {},
): EventStore {
  return settings.kind === 'sqlite'
    ? SqliteEventStore.open({ path: settings.path, exclusive: options.exclusive })
    : EsdbEventStore.connect(settings.connectionString, { streamNamespace: settings.streamNamespace });
}

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}

/**
 * Provides an opened EventStore as EVENT_STORE and closes it on shutdown. The store is opened
 * before the application is built, so a locked or unreachable store stops the start with a
 * plain message.
 */
@Global()
@Module({})
export class EventStoreModule {
  static forStore(store: EventStore): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useValue: store }, EventStoreCloser],
      exports: [EVENT_STORE],
    };
  }
}
