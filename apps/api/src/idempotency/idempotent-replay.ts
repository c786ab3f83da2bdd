import type { FastifyReply } from 'fastify';

/** A stored answer to a request, replayed byte for byte for a retry with the same key. */
export interface StoredAnswer {
  bodyHash: string;
  status: number;
  body: string;
  etag?: string;
  /**
   * The history the answer was given in: the store's id and head once it was decided. Absent
   * in answers stored before this version. An answer of another history is not replayed.
   */
  storeId?: string;
  head?: string;
}

/** Thrown to end a retried request with its stored answer (sent by AllExceptionsFilter). */
export class IdempotentReplay extends Error {
  constructor(readonly answer: StoredAnswer) {
    super('Idempotent replay');
  }

  send(reply: FastifyReply): void {
    if (this.answer.etag) void reply.header('etag', this.answer.etag);
    void reply
      .status(this.answer.status)
      .header('idempotent-replayed', 'true')
      .header('content-type', 'application/json; charset=utf-8')
      .send(this.answer.body);
  }
}
