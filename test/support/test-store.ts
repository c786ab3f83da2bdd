import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EsdbEventStore } from '@cl/event-store/esdb';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventStore } from '@cl/event-store';

/**
 * The store the suite runs against: SQLite (default) or EventStoreDB when EVENT_STORE=esdb and
 * EVENTSTORE_CONNECTION_STRING are set (npm run test:esdb). On EventStoreDB every data
 * directory gets a stream namespace of its own, derived from its path, so tests sharing the
 * server never see each other's events, and a test that reopens a directory (a restart, a
 * child process) sees its own again.
 */
export const STORE_UNDER_TEST: 'sqlite' | 'esdb' =
  process.env.EVENT_STORE === 'esdb' && process.env.EVENTSTORE_CONNECTION_STRING ? 'esdb' : 'sqlite';

/** The environment that points a service or child process at the test store of `dataDir`. */
export function testStoreEnv(dataDir: string): Record<string, string> {
  if (STORE_UNDER_TEST === 'sqlite') return { EVENT_STORE: 'sqlite' };
  return {
    EVENT_STORE: 'esdb',
    EVENTSTORE_CONNECTION_STRING: process.env.EVENTSTORE_CONNECTION_STRING!,
    EVENTSTORE_STREAM_NAMESPACE: namespaceOf(dataDir),
  };
}

/** Opens the test store of `dataDir` (SQLite: `dataDir/events.db`). */
export function openTestStore(dataDir: string, options: { readOnly?: boolean } = {}): EventStore {
  if (STORE_UNDER_TEST === 'sqlite') {
    return SqliteEventStore.open({ path: join(dataDir, 'events.db'), readOnly: options.readOnly });
  }
  return EsdbEventStore.connect(process.env.EVENTSTORE_CONNECTION_STRING!, {
    streamNamespace: namespaceOf(dataDir),
  });
}

/**
 * `describe` for tests of the SQLite file itself (tampering with it, its locks, savepoints,
 * several processes on one file): skipped with a printed notice on EventStoreDB.
 */
export function describeSqliteFile(name: string, body: () => void): void {
  if (STORE_UNDER_TEST === 'sqlite') return describe(name, body);
  process.stdout.write(`NOTICE: skipped on EventStoreDB (tests the SQLite file): ${name}\n`);
  describe.skip(name, body);
}

/** `it` for one SQLite-file test inside a describe that runs on both stores. */
export function itSqliteFile(name: string, body: jest.ProvidesCallback, timeout?: number): void {
  if (STORE_UNDER_TEST === 'sqlite') return it(name, body, timeout);
  process.stdout.write(`NOTICE: skipped on EventStoreDB (tests the SQLite file): ${name}\n`);
  it.skip(name, body, timeout);
}

function namespaceOf(dataDir: string): string {
  return `t${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}-`;
}
