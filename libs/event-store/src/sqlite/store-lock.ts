import Database from 'better-sqlite3';
import { EventStoreLockedError } from '../errors';

/**
 * Keeps other processes from opening the same store. It is an SQLite exclusive lock on a
 * small side file: the operating system drops it when the holder dies, so `kill -9` leaves
 * no stale lock behind.
 */
export class StoreLock {
  private constructor(private readonly db: Database.Database) {}

  static acquire(lockPath: string, storePath: string): StoreLock {
    const db = new Database(lockPath, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)');
      // The first write takes the exclusive lock; in EXCLUSIVE mode it is kept until close.
      db.transaction(() => {
        db.exec('DELETE FROM holder');
        db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(
          process.pid,
          new Date().toISOString(),
        );
      })();
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new EventStoreLockedError(storePath);
      }
      throw error;
    }
    return new StoreLock(db);
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}
