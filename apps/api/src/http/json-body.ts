import type { FastifyInstance } from 'fastify';
import { holdsNonFiniteNumber, MAX_JSON_DEPTH, nestsDeeperThan } from './json-limits';

export const BODY_LIMIT_BYTES = 64 * 1024;

/** What Fastify raises for malformed JSON: a 400 that is never stored under an Idempotency-Key. */
class MalformedJsonError extends Error {
  readonly statusCode = 400;
}

/**
 * application/json is the only body accepted (anything else: 415). An empty JSON body counts
 * as `{}` (docs/http-api.md). A body nested deeper than MAX_JSON_DEPTH is malformed JSON (400),
 * decided on the raw text before it is parsed, so nothing after (validation, RFC 8785
 * canonicalization, the hash chain) ever recurses deeper than that; so is a number too large
 * for a double (RFC 8785 has no form for Infinity). Fastify's own parser does the rest, with
 * prototype-poisoning checks.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new MalformedJsonError(
          `Body is not valid JSON: objects and arrays may nest at most ${MAX_JSON_DEPTH} levels deep`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, (error, value) => {
      if (!error && holdsNonFiniteNumber(value)) {
        done(
          new MalformedJsonError('Body is not valid JSON: a number is too large to represent, e.g. 1e400'),
          undefined,
        );
        return;
      }
      done(error, value);
    });
  });
}
