import type Database from 'better-sqlite3';

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
  `);
}
