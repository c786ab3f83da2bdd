import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EsdbEventStore } from '@cl/event-store/esdb';
import { StreamDeletedError } from '@cl/event-store';
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

  // What only a server can show: records the port cannot write, written with the client.
  describe('EsdbEventStore on records written by others', () => {
    let client: EventStoreDBClient;
    let store: EsdbEventStore;
    beforeEach(() => {
      client = EventStoreDBClient.connectionString(connectionString);
      store = new EsdbEventStore(client);
    });
    afterEach(() => store.close());
    const stream = () => `t${randomUUID().slice(0, 8)}-s`;

    // A tombstone makes every later read and write of the stream fail with StreamDeleted
    // (EventStore.Core/Services/Storage/ReaderIndex/IndexWriter.cs: CommitDecision.Deleted).
    it('reports a tombstoned stream as StreamDeletedError on read, revision, find and append', async () => {
      const s = stream();
      await store.appendToStream(s, [{ type: 'A', data: {} }]);
      await client.tombstoneStream(s);
      await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(store.streamRevision(s)).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(store.findEvent(s, randomUUID())).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(store.appendToStream(s, [{ type: 'B', data: {} }])).rejects.toBeInstanceOf(
        StreamDeletedError,
      );
    });

    it('finds the head behind more than a page of events the port hides', async () => {
      const s = stream();
      const { position } = await store.appendToStream(s, [{ type: 'Visible', data: {} }]);
      const hidden = Array.from({ length: 1_100 }, () => jsonEvent({ type: '$Hidden', data: {} }));
      await client.appendToStream(`${s}-hidden`, hidden.slice(0, 600));
      await client.appendToStream(`${s}-hidden`, hidden.slice(600));
      // Other test files may append meanwhile: the head is this event or a later one.
      expect(await store.headPosition()).toBeGreaterThanOrEqual(position);
      expect(await store.countEvents(position, await store.headPosition(), 10_000)).toBeLessThan(1_100);
    });

    it('counts a stream revision past a hidden last record', async () => {
      const s = stream();
      await store.appendToStream(s, [{ type: 'A', data: {} }]);
      await client.appendToStream(s, jsonEvent({ type: '$Hidden', data: {} }));
      expect(await store.streamRevision(s)).toBe(1);
      expect(await store.appendToStream(s, [{ type: 'B', data: {} }], { expectedRevision: 1 })).toMatchObject(
        {
          nextExpectedRevision: 2,
        },
      );
    });
  });
} else {
  describe('EsdbEventStore contract', () => {
    it.skip('runs only when EVENTSTORE_CONNECTION_STRING is set (e.g. esdb://localhost:2113?tls=false)', () => {});
  });
  process.stdout.write(
    'NOTICE: EventStoreDB contract suite skipped: EVENTSTORE_CONNECTION_STRING is not set. ' +
      'Start EventStoreDB with `docker compose -f infra/docker-compose.yml up -d` and set it to run ' +
      '(npm run test:esdb).\n',
  );
}
