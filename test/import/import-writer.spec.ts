import { join } from 'node:path';
import { StreamWriter } from '@cl/commands';
import type { ServiceLevels } from '@cl/complaints';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventStore, ReadStreamOptions } from '@cl/event-store';
import { genericOperation, ImportWriter, planImport } from '@cl/import';
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
