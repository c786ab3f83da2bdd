import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

/**
 * How long a connection waits for SQLite's write lock while another holds it. Appends of
 * several processes serialize on that lock (BEGIN IMMEDIATE), one transaction at a time.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * One table of events. The position is the rowid: assigned under SQLite's write lock, one
 * transaction at a time, so positions follow commit order and readers never see a gap. Data and metadata are JSON text, readable with the
 * sqlite3 shell.
 */
export function applySchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL: the WAL is synced at every commit, so an acknowledged append survives power loss.
  db.pragma('synchronous = FULL');
  // Checkpoint every ~40 MB of WAL instead of ~4 MB: each index page dirtied by many commits
  // is then copied to the database file once, not ten times (measured: +35% batch throughput).
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('cache_size = -65536');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      stream_id   TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      event_id    TEXT    NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      metadata    TEXT    NOT NULL,
      recorded_at TEXT    NOT NULL,
      UNIQUE (stream_id, revision),
      UNIQUE (stream_id, event_id)
    );
    CREATE TABLE IF NOT EXISTS store_identity (
      id         INTEGER PRIMARY KEY CHECK (id = 1),
      store_id   TEXT    NOT NULL,
      created_at TEXT    NOT NULL
    );
  `);
  // The first opener names the store; every later opener (any process) finds that name.
  db.prepare('INSERT OR IGNORE INTO store_identity (id, store_id, created_at) VALUES (1, ?, ?)').run(
    randomUUID(),
    new Date().toISOString(),
  );
}

/** The store's identity; undefined in a file created before stores had one and never opened for writing since. */
export function readStoreId(db: Database.Database): string | undefined {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_identity'")
    .get();
  if (!table) return undefined;
  return db.prepare<[], { store_id: string }>('SELECT store_id FROM store_identity WHERE id = 1').get()
    ?.store_id;
}

/**
 * Gives the store a new identity (a restore does, so that every state outside the log that
 * followed the history it replaces is recognised as foreign).
 */
export function assignNewStoreId(db: Database.Database): string {
  const storeId = randomUUID();
  db.prepare(
    'INSERT INTO store_identity (id, store_id, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET store_id = excluded.store_id, created_at = excluded.created_at',
  ).run(storeId, new Date().toISOString());
  return storeId;
}
