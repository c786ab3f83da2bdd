import {
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  NO_STREAM,
} from '@eventstore/db-client';
import { EventStoreValidationError, StreamDeletedError, WrongExpectedRevisionError } from '../errors';
import type { ExpectedRevision } from '../expected-revision';

/**
 * Errors after which the same call may succeed: the server was away, was not the leader, or
 * let the call time out. Everything else (access denied, invalid argument, an unknown server
 * error) is surfaced: retrying it only hides a fault that needs a person.
 */
export function isTransientError(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError
  );
}

/**
 * The client's append errors in the port's vocabulary; other errors as they are.
 * MaxAppendSizeExceeded is refused before writing anything
 * (EventStore.Core/Services/Transport/Grpc/Streams.BatchAppend.cs), so it is bad input.
 */
export function toPortAppendError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion;
    return new WrongExpectedRevisionError(
      streamId,
      expected,
      actual === NO_STREAM || typeof actual !== 'bigint' ? 'no_stream' : Number(actual),
    );
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new EventStoreValidationError(
      'events',
      `exceed the server's maximum append size (${error.maxAppendSize} bytes): split them into several appends`,
    );
  }
  return toPortReadError(error, streamId);
}

/** A tombstoned stream in the port's vocabulary; other errors as they are. */
export function toPortReadError(error: unknown, streamId: string): unknown {
  if (error instanceof EsdbStreamDeletedError) return new StreamDeletedError(streamId);
  return error;
}
