import type Database from 'better-sqlite3';

/**
 * One table of events. The position is the rowid: assigned in commit order by the single
 * writer, so readers never see a gap. Data and metadata are JSON text, readable with the
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
