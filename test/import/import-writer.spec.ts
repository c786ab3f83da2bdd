import { join } from 'node:path';
import { StreamWriter } from '@cl/commands';
import type { ServiceLevels } from '@cl/complaints';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventStore, ReadStreamOptions } from '@cl/event-store';
import { genericOperation, ImportWriter, planImport } from '@cl/import';
import { genericHistory, shuffled, type GenericRow } from '../support/generic-history';
import { makeTempDir } from '../support/temp-dir';

const LEVELS: ServiceLevels = {
  slaHours: { critical: 4, high: 24, medium: 48, low: 72 },
  callbackDueHours: 24,
};

/** The real SQLite store, counting the events its stream reads return. */
function countingReads(real: EventStore): { store: EventStore; eventsRead: () => number; reset: () => void } {
  let eventsRead = 0;
  const store = new Proxy(real, {
    get(target, property) {
      if (property === 'readStream') {
        return async (streamId: string, options?: ReadStreamOptions) => {
          const events = await target.readStream(streamId, options);
          eventsRead += events.length;
          return events;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, eventsRead: () => eventsRead, reset: () => (eventsRead = 0) };
}

describe('ImportWriter on a long stream', () => {
  it('skips the rows of an earlier run without reading the stream (a re-run costs the same per row at any length)', async () => {
    const dir = makeTempDir('import-writer');
    const { store, eventsRead, reset } = countingReads(
      SqliteEventStore.open({ path: join(dir.path, 'events.db') }),
    );
    try {
      const rows = Array.from({ length: 400 }, (_, n) =>
        genericOperation(n + 2, {
          event: 'purchase',
          customerId: 'CU-LONG',
          occurredAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
          orderId: `O-${n}`,
          amount: '19.90',
          currency: 'EUR',
        }),
      );
      const [stream] = planImport(rows).streams;
      const writeAll = async () => {
        const writer = new ImportWriter(store, new StreamWriter(store), LEVELS);
        const kinds = [];
        for (const operation of stream.operations) kinds.push((await writer.write(operation)).kind);
        return kinds;
      };
      expect(new Set(await writeAll())).toEqual(new Set(['written']));
      reset();
      expect(new Set(await writeAll())).toEqual(new Set(['present']));
      expect(eventsRead()).toBe(0);
      expect(await store.streamRevision('customer-CU-LONG')).toBe(399);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('an export at hour resolution, sorted, reversed and shuffled', () => {
  it('imports the same events in every order, none refused (rows of one instant in lifecycle order)', async () => {
    const history = genericHistory({ complaints: 60, customers: 12, seed: 27, prefix: 'T' });
    // A filing, its assignment and its escalation (half an hour apart) often fall on one instant.
    const rows: GenericRow[] = history.rows.map((row) => ({
      ...row,
      occurredAt: `${row.occurredAt.slice(0, 13)}:00:00.000Z`,
    }));
    const dir = makeTempDir('import-ties');
    const importIn = async (name: string, ordered: readonly GenericRow[]) => {
      const store = SqliteEventStore.open({ path: join(dir.path, `${name}.db`) });
      try {
        const plan = planImport(ordered.map((row, index) => genericOperation(index + 2, row)));
        const writer = new ImportWriter(store, new StreamWriter(store), LEVELS);
        const refused: string[] = [];
        for (const stream of plan.streams) {
          for (const operation of stream.operations) {
            await writer
              .write(operation)
              .catch((error: Error) => refused.push(`${operation.event}: ${error.message}`));
          }
        }
        // A customer's purchases of one instant keep file order (docs/import.md): compared as a set.
        const events = (await store.readAll({ maxCount: 100_000 })).map((event) => ({
          streamId: event.streamId,
          order: event.streamId.startsWith('customer-') ? event.id : String(event.revision).padStart(6, '0'),
          id: event.id,
          type: event.type,
          data: event.data,
          occurredAt: event.metadata.occurredAt,
        }));
        events.sort((a, b) => (`${a.streamId} ${a.order}` < `${b.streamId} ${b.order}` ? -1 : 1));
        return { refused, events };
      } finally {
        await store.close();
      }
    };
    try {
      const instants = new Set(
        rows.map((row) => `${row['complaintId'] ?? row['customerId']} ${row['occurredAt']}`),
      );
      expect(rows.length - instants.size).toBeGreaterThan(20); // rows sharing their stream's instant
      const sorted = await importIn('sorted', rows);
      expect(sorted.refused).toEqual([]);
      expect(sorted.events.length).toBeGreaterThan(rows.length);
      expect(await importIn('reversed', [...rows].reverse())).toEqual(sorted);
      expect(await importIn('shuffled', shuffled(rows, 5))).toEqual(sorted);
    } finally {
      dir.remove();
    }
  });
});
