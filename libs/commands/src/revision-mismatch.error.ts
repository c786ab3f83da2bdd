/** If-Match named a revision the stream is not at (412). */
export class RevisionMismatchError extends Error {
  override readonly name = 'RevisionMismatchError';
  constructor(
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`The stream is at revision ${actualRevision}, If-Match expected ${expectedRevision}`);
  }
}
