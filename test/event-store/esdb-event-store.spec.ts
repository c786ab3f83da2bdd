import { EsdbEventStore } from '@cl/event-store';
import { eventStoreContract } from './event-store.contract';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describe('EsdbEventStore contract', () => {
    let store: EsdbEventStore;
    eventStoreContract(
      async () => {
        store = EsdbEventStore.connect(connectionString);
        return store;
      },
      () => store.close(),
    );
  });
} else {
  describe('EsdbEventStore contract', () => {
    it.skip('runs only when EVENTSTORE_CONNECTION_STRING is set (e.g. esdb://localhost:2113?tls=false)', () => {});
  });
  process.stdout.write(
    'NOTICE: EventStoreDB contract suite skipped: EVENTSTORE_CONNECTION_STRING is not set. ' +
      'Start EventStoreDB with `docker compose -f infra/docker-compose.yml up -d` and set it to run.\n',
  );
}
