/**
 * A command refused by the rules of the business. The HTTP layer maps each kind to its status:
 * not_found 404, conflict 409, out_of_order 422, invalid 400, forbidden 403 (a rule of the
 * business that needs another role, e.g. an extension that needs approval).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'out_of_order' | 'invalid' | 'forbidden',
    message: string,
    /** Extra fields for the error body, e.g. the current status. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
