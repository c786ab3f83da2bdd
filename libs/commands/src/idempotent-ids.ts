import { createHash } from 'node:crypto';

/**
 * How long a keyed command is recognised: its answer is kept this long, and a retry finds
 * the events of an attempt recorded within it (docs/http-api.md: "within 24 h").
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What a command sent with an Idempotency-Key carries into the writer. */
export interface IdempotencyScope {
  /** A hash of token, method, path and key: one per keyed request, the same for its retries. */
  scope: string;
  /** A hash of the request's canonical JSON body, recorded on its events as `requestHash`. */
  requestHash: string;
  /**
   * How long after it was recorded an earlier attempt is recognised: IDEMPOTENCY_WINDOW_MS
   * when absent; `Infinity` for ever (the importer: a re-run years later still writes nothing).
   */
  windowMs?: number;
}

/**
 * A UUID derived from a keyed request's scope and a name (`event-0`, `complaintId`): every
 * attempt of the request names the same events and the same new complaint, so the store
 * recognises a retry's events as the first attempt's (RFC 9562 version 8, custom layout).
 */
export function idempotentId(scope: string, name: string): string {
  const bytes = createHash('sha256').update(`${scope}\n${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const idempotentEventId = (scope: string, index: number): string =>
  idempotentId(scope, `event-${index}`);
