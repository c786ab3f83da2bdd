import type { FastifyInstance } from 'fastify';

/** `ETag: "<revision>"` for an answer that carries a stream revision. */
export function etagOf(body: unknown): string | undefined {
  const revision = (body as { revision?: unknown } | null)?.revision;
  return typeof revision === 'number' ? `"${revision}"` : undefined;
}

/**
 * Sets the ETag of every JSON answer with a `revision` (commands and GET /complaints/:id).
 * A Fastify hook rather than a Nest interceptor: it costs next to nothing per request.
 */
export function setRevisionEtags(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    const etag = etagOf(payload);
    if (etag) void reply.header('etag', etag);
    done(null, payload);
  });
}
