/**
 * A keyed command whose first attempt was recorded with another request body: the same
 * Idempotency-Key with another body is 422 (docs/http-api.md), also when the first answer was
 * never stored.
 */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor() {
    super('This Idempotency-Key was used with another request body');
  }
}
