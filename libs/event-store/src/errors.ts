import type { ActualRevision, ExpectedRevision } from './expected-revision';

/** Bad input to the store. Nothing was written. */
export class EventStoreValidationError extends Error {
  override readonly name = 'EventStoreValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The stream was not at the revision the writer expected. Nothing was written. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: ActualRevision,
  ) {
    super(`Stream ${streamId} is at revision ${actualRevision}, the append expected ${expectedRevision}`);
  }
}

/**
 * The stream was deleted for good (an EventStoreDB tombstone): it can be neither read nor
 * written again. The SQLite store never deletes a stream, so only EventStoreDB throws it.
 */
export class StreamDeletedError extends Error {
  override readonly name = 'StreamDeletedError';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} was deleted (tombstoned): it cannot be read or written again`);
  }
}

/** The store answered in a way this service cannot use (e.g. an unsupported server or log). */
export class EventStoreUnsupportedError extends Error {
  override readonly name = 'EventStoreUnsupportedError';
}

/** The embedded store's files are held by another process. */
export class EventStoreLockedError extends Error {
  override readonly name = 'EventStoreLockedError';
  constructor(readonly path: string) {
    super(
      `The event store ${path} is in use by another process. Stop that process, or set DATA_DIR to another directory.`,
    );
  }
}

/**
 * The store cannot write now (disk full, an I/O error, out of memory, a read-only file): the
 * append was not stored, and a retry later may succeed. HTTP answers 503 with Retry-After.
 */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(readonly reason: string) {
    super(`The event store cannot write: ${reason}`);
  }
}
