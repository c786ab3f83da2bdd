/**
 * The log half of bench:audit, one phase per process so that each peak memory is its own.
 * Over the store at DATA_DIR/events.db, opened for reading only as `npm run audit` opens it:
 * `raw`, the ceiling: raw better-sqlite3 rows with a chained SHA-256 over each event's stored
 * bytes; `verify`: verifyLog, every chain and seal; `export`: NDJSON to /dev/null, as `npm run
 * audit -- export` writes it (personal fields opened with DATA_DIR's keys.db). Prints one JSON
 * line of figures.
 */
import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { verifyLog } from '@cl/audit';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { PersonalDataCipher } from '@cl/personal-data';
import { openDataKeysToRead } from '@cl/personal-data/sqlite';
import { exportEvents } from '../apps/api/src/audit/export-events';

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
  const { keys } = openDataKeysToRead(process.env.DATA_DIR!);
  try {
    const events = await exportEvents(store, new PersonalDataCipher(keys), {
      from: 0n,
      write: (line) =>
        sink.write(line) ? undefined : new Promise<void>((resolve) => sink.once('drain', () => resolve())),
    });
    await new Promise<void>((resolve) => sink.end(() => resolve()));
    return events;
  } finally {
    keys.close();
  }
}

/** One phase per process (argv[2]: raw | verify | export), so each peak memory is its own. */
async function main(): Promise<void> {
  const phase = process.argv[2];
  let figures: object;
  if (phase === 'raw') {
    const raw = timed(rawSha256);
    figures = { events: raw.result.events, seconds: raw.seconds };
  } else {
    const store = SqliteEventStore.open({ path, readOnly: true });
    try {
      if (phase === 'verify') {
        const verify = await timedAsync(() => verifyLog(store));
        const { events, valid, streams, seals } = verify.result;
        figures = { events, seconds: verify.seconds, valid, streams, seals: seals.checked };
      } else {
        const exported = await timedAsync(() => exportToNull(store));
        figures = { events: exported.result, seconds: exported.seconds };
      }
    } finally {
      await store.close();
    }
  }
  process.stdout.write(
    `${JSON.stringify({ ...figures, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
  );
}

void main();
