import { join } from 'node:path';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { makeTempDir } from '../support/temp-dir';
import { eventStoreContract } from './event-store.contract';

describe('SqliteEventStore contract', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: SqliteEventStore;
  eventStoreContract(
    async () => {
      dir = makeTempDir('store');
      store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
      return store;
    },
    async () => {
      await store.close();
      dir.remove();
    },
    async () => {
      await store.close();
      store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
      return store;
    },
  );
});
