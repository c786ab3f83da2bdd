import {
  KeyStoreReadOnlyError,
  type DataKey,
  type DataKeyStore,
  type PendingErasure,
} from './data-key-store';

/**
 * A key store that holds no key and writes nothing: for a reader of a DATA_DIR without a key
 * file (`npm run audit -- export`), which must not create one. Every sealed value opens as
 * ERASED, as it does once its key is erased; nothing is pending; sealing is refused.
 */
export class NoDataKeys implements DataKeyStore {
  /** @throws KeyStoreReadOnlyError (as a rejection): a store without keys cannot seal */
  currentKey(customerId: string): Promise<DataKey> {
    return Promise.reject(
      new KeyStoreReadOnlyError(
        `No key store to create a key of customer ${customerId} in: it is opened to read`,
      ),
    );
  }

  keysById(): Promise<Map<string, Buffer>> {
    return Promise.resolve(new Map());
  }

  hasKey(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** No key to delete: 0, and nothing is recorded. */
  erase(): Promise<number> {
    return Promise.resolve(0);
  }

  pendingErasure(): Promise<PendingErasure | undefined> {
    return Promise.resolve(undefined);
  }

  erasureAnnounced(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}
}
