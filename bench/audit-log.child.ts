/**
 * The log half of bench:audit, in a process of its own so that its peak memory is the
 * verification's and the export's alone. Over the store at DATA_DIR/events.db, opened for
 * reading only as `npm run audit` opens it: (1) the ceiling, raw better-sqlite3 rows with a
 * chained SHA-256 over each event's stored bytes; (2) verifyLog, every chain and seal;
 * (3) the export as NDJSON to /dev/null. Prints one JSON line of figures.
 */
import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { readLogPaged, toPublishedEvent, verifyLog } from '@cl/audit';
import { SqliteEventStore } from '@cl/event-store';

const path = join(process.env.DATA_DIR!, 'events.db');

function timed<T>(run: () => T): { result: T; seconds: number } {
  const started = process.hrtime.bigint();
  const result = run();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function timedAsync<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await run();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function rawSha256(): { events: number; bytes: number } {
  const db = new Database(path, { readonly: true });
  try {
    let previous = '0'.repeat(64);
    let events = 0;
    let bytes = 0;
    const rows = db
      .prepare('SELECT stream_id, revision, event_id, type, data, metadata FROM events ORDER BY position')
      .raw(true)
      .iterate() as IterableIterator<[string, number, string, string, string, string]>;
    for (const [streamId, revision, eventId, type, data, metadata] of rows) {
      const text = previous + streamId + revision + eventId + type + data + metadata;
      previous = hash('sha256', text, 'hex');
      bytes += text.length;
      events++;
    }
    return { events, bytes };
  } finally {
    db.close();
  }
}

async function exportToNull(store: SqliteEventStore): Promise<number> {
  const sink = createWriteStream('/dev/null');
  let events = 0;
  for await (const event of readLogPaged(store, 0n, await store.headPosition())) {
    if (!sink.write(`${JSON.stringify(toPublishedEvent(event))}\n`)) {
      await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
    }
    events++;
  }
  await new Promise<void>((resolve) => sink.end(() => resolve()));
  return events;
}

async function main(): Promise<void> {
  const raw = timed(rawSha256);
  const store = SqliteEventStore.open({ path, readOnly: true });
  try {
    const verify = await timedAsync(() => verifyLog(store));
    const exported = await timedAsync(() => exportToNull(store));
    process.stdout.write(
      `${JSON.stringify({
        raw: { events: raw.result.events, seconds: raw.seconds },
        verify: {
          events: verify.result.events,
          seconds: verify.seconds,
          valid: verify.result.valid,
          seals: verify.result.seals.checked,
          streams: verify.result.streams,
        },
        export: { events: exported.result, seconds: exported.seconds },
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      })}\n`,
    );
  } finally {
    await store.close();
  }
}

void main();
