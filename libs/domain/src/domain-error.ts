/**
 * A command refused by the rules of the business. The HTTP layer maps each kind to its status:
 * not_found 404, conflict 409, out_of_order 422, invalid 400.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'out_of_order' | 'invalid',
    message: string,
    /** Extra fields for the error body, e.g. the current status. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
