import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../event-store';

// The store is opened before the application is built (see EventStoreModule), the same way
// every entry point opens it.
export { openEventStore, type EventStoreSettings } from '../open';

export const EVENT_STORE = Symbol('EVENT_STORE');

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
