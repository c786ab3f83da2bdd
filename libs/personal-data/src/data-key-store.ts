/** A customer's data key: 32 random bytes for AES-256-GCM, named by an id sealed values carry. */
export interface DataKey {
  keyId: string;
  key: Buffer;
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
   * answers how many were deleted (0: none was left).
   * @throws KeyErasureNotFlushedError when the keys are deleted but their bytes may remain (retry)
   */
  erase(customerId: string): Promise<number>;
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
