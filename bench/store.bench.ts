/**
 * bench:store: the embedded event store against raw better-sqlite3 on the same file settings
 * (WAL, synchronous=FULL), in one run on this machine. Targets (issue 2): 64 concurrent
 * single-event appends >= 3x raw single-row transactions/s; readAll >= 50% of the raw read rate.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { applySqliteSchema, SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventToAppend } from '@cl/event-store';
import { makeTempDir } from '../test/support/temp-dir';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const STREAMS = 1000;

const data = {
  complaintId: 'C-000123',
  customerId: 'CU-4567',
  channel: 'phone',
  category: 'billing',
  severity: 'high',
  description: 'Charged twice for the same order; asked for a refund of the second charge.',
  branchId: 'BR-12',
  productId: 'P-77',
  resolutionDueAt: '2026-11-23T10:00:00.000Z',
};
const metadata = {
  occurredAt: '2026-11-22T10:00:00.000Z',
  recordedAt: '2026-11-22T10:00:00.012Z',
  actor: { id: 'agent-1', role: 'agent' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  schemaVersion: 1,
};
const event = (): EventToAppend => ({ id: randomUUID(), type: 'ComplaintFiled', data, metadata });

async function measure(label: string, run: (deadline: number) => Promise<number> | number) {
  const start = performance.now();
  const count = await run(start + SECONDS * 1000);
  const rate = count / ((performance.now() - start) / 1000);
  process.stdout.write(`  measured ${label}: ${Math.round(rate).toLocaleString('en')}/s\n`);
  return rate;
}

function rawSqlite(path: string) {
  const db = new Database(path);
  applySqliteSchema(db);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Map<string, number>();
  const row = (i: number) => {
    const streamId = `raw-${i % STREAMS}`;
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    return [
      streamId,
      revision,
      randomUUID(),
      'ComplaintFiled',
      JSON.stringify(data),
      JSON.stringify(metadata),
      new Date().toISOString(),
    ];
  };
  const insertOne = db.transaction((i: number) => insert.run(...row(i)));
  const insertMany = db.transaction((from: number, count: number) => {
    for (let i = from; i < from + count; i++) insert.run(...row(i));
  });
  return { db, insertOne, insertMany };
}

async function main() {
  const dir = makeTempDir('bench-store');
  console.log(`bench:store — ${SECONDS} s per figure, files in ${dir.path}`);
  try {
    console.log('raw better-sqlite3 (ceiling):');
    const raw = rawSqlite(join(dir.path, 'raw.db'));
    let n = 0;
    const rawSingle = await measure('single-row transactions', (deadline) => {
      for (; performance.now() < deadline; n++) raw.insertOne(n);
      return n;
    });
    let rows = 0;
    const rawBatch = await measure('100-row transactions, rows', (deadline) => {
      for (; performance.now() < deadline; rows += 100) raw.insertMany(n + rows, 100);
      return rows;
    });
    raw.db.close();

    console.log('SqliteEventStore:');
    const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
    let i = 0;
    const single = await measure('single-event appends, one at a time', async (deadline) => {
      let count = 0;
      while (performance.now() < deadline) {
        await store.appendToStream(`complaint-${i++ % STREAMS}`, [event()]);
        count++;
      }
      return count;
    });
    const concurrent = await measure('single-event appends, 64 concurrent appenders', async (deadline) => {
      let count = 0;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (performance.now() < deadline) {
            await store.appendToStream(`complaint-${i++ % STREAMS}`, [event()]);
            count++;
          }
        }),
      );
      return count;
    });
    const batch = await measure('10-event appends, events', async (deadline) => {
      let count = 0;
      while (performance.now() < deadline) {
        await store.appendToStream(`complaint-${i++ % STREAMS}`, Array.from({ length: 10 }, event));
        count += 10;
      }
      return count;
    });
    await store.close();

    // Reads: the same file, raw and through the store, alternated and best of three.
    const path = join(dir.path, 'events.db');
    const rawRead: number[] = [];
    const readAll: number[] = [];
    const readAllDecoded: number[] = [];
    for (let round = 0; round < 3; round++) {
      const db = new Database(path, { readonly: true });
      const page = db
        .prepare(
          'SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT 1000',
        )
        .raw(true);
      rawRead.push(
        await measure('raw read, rows in pages of 1000', () => {
          let count = 0;
          for (let after = 0; ;) {
            const result = page.all(after) as unknown[][];
            if (result.length === 0) return count;
            count += result.length;
            after = result[result.length - 1][0] as number;
          }
        }),
      );
      db.close();
      const reader = SqliteEventStore.open({ path });
      readAll.push(await measure('readAll in pages of 1000', () => readEverything(reader, false)));
      readAllDecoded.push(
        await measure('readAll in pages of 1000, every data and metadata parsed', () =>
          readEverything(reader, true),
        ),
      );
      await reader.close();
    }

    const fmt = (value: number) => Math.round(value).toLocaleString('en').padStart(10);
    const ratio = (value: number, ceiling: number) => `${(value / ceiling).toFixed(2)}x`.padStart(8);
    console.log('\nfigure                                   store/s    ceiling/s    ratio  target');
    console.log(
      `64 concurrent single-event appends    ${fmt(concurrent)}  ${fmt(rawSingle)}  ${ratio(concurrent, rawSingle)}  >= 3x raw single-row tx`,
    );
    console.log(
      `single-event appends, one at a time   ${fmt(single)}  ${fmt(rawSingle)}  ${ratio(single, rawSingle)}`,
    );
    console.log(
      `10-event batch appends (events)       ${fmt(batch)}  ${fmt(rawBatch)}  ${ratio(batch, rawBatch)}  (ceiling: 100-row tx)`,
    );
    const [bestRaw, bestRead, bestDecoded] = [rawRead, readAll, readAllDecoded].map((rates) =>
      Math.max(...rates),
    );
    console.log(
      `readAll (events)                      ${fmt(bestRead)}  ${fmt(bestRaw)}  ${ratio(bestRead, bestRaw)}  >= 0.50x raw read`,
    );
    console.log(
      `readAll, every event's JSON parsed    ${fmt(bestDecoded)}  ${fmt(bestRaw)}  ${ratio(bestDecoded, bestRaw)}  (data is parsed on access)`,
    );
    const ok = concurrent >= 3 * rawSingle && bestRead >= 0.5 * bestRaw;
    console.log(ok ? '\nboth targets met' : '\nTARGET MISSED');
  } finally {
    dir.remove();
  }
}

async function readEverything(store: SqliteEventStore, decode: boolean): Promise<number> {
  let count = 0;
  for (let after = 0n; ;) {
    const events = await store.readAll({ after, maxCount: 1000 });
    if (events.length === 0) return count;
    if (decode)
      for (const event of events) if (!event.data || !event.metadata) throw new Error('empty event');
    count += events.length;
    after = events[events.length - 1].position;
  }
}

void main();
