/** A customer's data key: 32 random bytes for AES-256-GCM, named by an id sealed values carry. */
export interface DataKey {
  keyId: string;
  key: Buffer;
}

/**
 * An erasure that deleted keys and whose CustomerDataErased is not recorded yet (docs/privacy.md):
 * the erasure flow announces it and then calls `erasureAnnounced` with it.
 */
export interface PendingErasure {
  customerId: string;
  /** Names this erasure: a later erasure of the same customer replaces it with its own. */
  erasureId: string;
  /** When the keys were deleted (ISO 8601). */
  erasedAt: string;
}

/**
 * Where the customers' data keys live, apart from the event log (docs/privacy.md). The
 * embedded adapter is a SQLite file in DATA_DIR (`@cl/personal-data/sqlite`); a KMS adapter
 * implements the same port (keys wrapped by a master key the KMS holds). A key that is not
 * there was erased (or never existed): that is an answer, never an error.
 */
export interface DataKeyStore {
  /** The customer's current key; one is created, durably, before it is returned when it has none. */
  currentKey(customerId: string): Promise<DataKey>;
  /** The keys of these ids that exist; an erased one is absent from the answer. */
  keysById(keyIds: readonly string[]): Promise<Map<string, Buffer>>;
  /** Whether the customer has a key (personal data not erased). */
  hasKey(customerId: string): Promise<boolean>;
  /**
   * Deletes every key of the customer so that none can be read back from the store's files;
   * answers how many were deleted (0: none was left). When it deletes at least one, it records
   * a pending erasure of the customer atomically with the deletion (replacing one left
   * pending), so that a crash before the erasure is announced cannot lose it.
   * @throws KeyErasureNotFlushedError when the keys are deleted (and the erasure pending) but their bytes may remain (retry)
   */
  erase(customerId: string): Promise<number>;
  /** The customer's erasure that deleted keys and is not announced yet, if any; durable across restarts. */
  pendingErasure(customerId: string): Promise<PendingErasure | undefined>;
  /**
   * Clears a pending erasure once its CustomerDataErased is recorded; one that a later erasure
   * replaced since it was read stays pending.
   */
  erasureAnnounced(erasure: PendingErasure): Promise<void>;
  close(): void;
}

/**
 * An erasure whose deleted keys could not yet be overwritten in the store's files (the
 * embedded store: another process held its WAL): the keys no longer open anything, but
 * their bytes may remain until the next checkpoint. Retry the erasure.
 */
export class KeyErasureNotFlushedError extends Error {
  override readonly name = 'KeyErasureNotFlushedError';
}

/** A key store opened to read (`npm run audit -- export`) was asked to create, erase or clear something. */
export class KeyStoreReadOnlyError extends Error {
  override readonly name = 'KeyStoreReadOnlyError';
}
