import Database from 'better-sqlite3';
import {
  KeyStoreReadOnlyError,
  type DataKey,
  type DataKeyStore,
  type PendingErasure,
} from '../data-key-store';
import { keysFound } from './keys-found';

/**
 * keys.db opened to read only (`npm run audit -- export`): it opens sealed values with the keys
 * there and changes nothing in the file, its mode or its schema, so an auditor's read-only
 * access is enough. Creating, erasing and clearing are refused (KeyStoreReadOnlyError).
 */
export class SqliteKeyReader implements DataKeyStore {
  private readonly db: Database.Database;
  private readonly selectKey: Database.Statement<[string], { key: Buffer }>;
  private readonly selectCurrent: Database.Statement<[string], { key_id: string }>;
  private readonly selectPending?: Database.Statement<[string], { erasure_id: string; erased_at: string }>;

  /** @throws when the file is not there (fileMustExist) or is not a key store */
  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.selectKey = this.db.prepare('SELECT key FROM data_keys WHERE key_id = ?');
    this.selectCurrent = this.db.prepare('SELECT key_id FROM data_keys WHERE customer_id = ? LIMIT 1');
    // A key file of a version that kept no pending erasures has no such table.
    const hasPending = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pending_erasures'")
      .get();
    if (hasPending) {
      this.selectPending = this.db.prepare(
        'SELECT erasure_id, erased_at FROM pending_erasures WHERE customer_id = ?',
      );
    }
  }

  keysById(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    return Promise.resolve(keysFound(this.selectKey, keyIds));
  }

  hasKey(customerId: string): Promise<boolean> {
    return Promise.resolve(this.selectCurrent.get(customerId) !== undefined);
  }

  pendingErasure(customerId: string): Promise<PendingErasure | undefined> {
    const row = this.selectPending?.get(customerId);
    return Promise.resolve(
      row === undefined ? undefined : { customerId, erasureId: row.erasure_id, erasedAt: row.erased_at },
    );
  }

  /** @throws KeyStoreReadOnlyError (as a rejection) */
  currentKey(customerId: string): Promise<DataKey> {
    return Promise.reject(
      new KeyStoreReadOnlyError(`keys.db is opened to read: no key is created for ${customerId}`),
    );
  }

  /** @throws KeyStoreReadOnlyError (as a rejection) */
  erase(customerId: string): Promise<number> {
    return Promise.reject(
      new KeyStoreReadOnlyError(`keys.db is opened to read: ${customerId} is not erased`),
    );
  }

  /** @throws KeyStoreReadOnlyError (as a rejection) */
  erasureAnnounced(erasure: PendingErasure): Promise<void> {
    return Promise.reject(
      new KeyStoreReadOnlyError(
        `keys.db is opened to read: the erasure of ${erasure.customerId} stays pending`,
      ),
    );
  }

  close(): void {
    this.db.close();
  }
}
