import { loadConfig } from '@cl/config';
import { storeOpening } from '@cl/event-store/open';
import { projectionProcessStore } from '../../apps/api/src/projections/projection-process';

/**
 * Every entry point opens the store through @cl/event-store/open. On EventStoreDB with
 * EVENTSTORE_STREAM_NAMESPACE, the ROLE=all child that runs the projections must read and
 * write under the API's namespace. No server runs here: these check what would be opened.
 */
describe('opening the store', () => {
  const esdb = {
    EVENT_STORE: 'esdb',
    EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
    EVENTSTORE_STREAM_NAMESPACE: 'staging-',
    ROLE: 'all',
  };

  it('the ROLE=all projection child opens EventStoreDB under the stream namespace, as the API does', () => {
    const config = loadConfig(esdb);
    expect(projectionProcessStore(config)).toEqual({
      adapter: 'esdb',
      connectionString: 'esdb://localhost:2113?tls=false',
      options: { streamNamespace: 'staging-' },
    });
    expect(projectionProcessStore(config)).toEqual(storeOpening(config.eventStore, { exclusive: true }));
  });

  it('without a namespace, the whole server; on SQLite, the service file beside the service', () => {
    const { EVENTSTORE_STREAM_NAMESPACE: _namespace, ...withoutNamespace } = esdb;
    expect(projectionProcessStore(loadConfig(withoutNamespace))).toMatchObject({
      adapter: 'esdb',
      options: {},
    });
    const sqlite = loadConfig({ DATA_DIR: '/srv/cl', ROLE: 'all' });
    expect(projectionProcessStore(sqlite)).toEqual({
      adapter: 'sqlite',
      options: { path: '/srv/cl/events.db' },
    });
    expect(storeOpening(sqlite.eventStore, { exclusive: true }).options).toMatchObject({ exclusive: true });
    expect(storeOpening(sqlite.eventStore, { readOnly: true }).options).toMatchObject({ readOnly: true });
  });
});
