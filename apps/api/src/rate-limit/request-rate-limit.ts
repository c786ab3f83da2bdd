import { HttpException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { REDIS } from '@cl/redis/nest';
import type { Actor } from '@cl/commands';
import { BearerTokens } from '../auth/bearer-tokens';
import { ConsoleSessions } from '../auth/console-sessions';
import { toErrorResponse } from '../http/error-response';

const WINDOW_MS = 60_000;

/** Routes any monitor or browser may call as often as it likes: no token, no limit. */
const UNLIMITED = /^\/(?:health|metrics|docs(?:-json)?)(?:[/?]|$)/;

/**
 * RATE_LIMIT_PER_MINUTE (docs/operations.md): at most `perMinute` requests per actor in each
 * minute, counted in Redis under `<prefix>:rate-limit:` so every API process shares one
 * budget (@fastify/rate-limit's Redis store: one INCR and PEXPIRE per request, in a script).
 * A bearer request counts for its token's actor (an API key's or an access token's; the
 * verdict is the guard's too), a cookie request for its session's actor
 * (the session lookup is the guard's too: one Redis read), and a request without either
 * against its client address, so guessing tokens is limited too. The client address is the
 * X-Forwarded-For one when the connection comes from a TRUST_PROXY address (Fastify's
 * request.ip): behind a proxy, clients do not share one budget. Over the limit: 429 with Retry-After and the error body, answered in an
 * onRequest hook, before the body is read and before the Idempotency-Key is claimed, so
 * nothing is written and a retry after the window gets the key afresh. When Redis does not
 * answer, requests pass (the limit protects the service; it must not take it down).
 */
export async function limitRequestRate(
  app: NestFastifyApplication,
  settings: { perMinute: number; redisPrefix: string },
): Promise<void> {
  const tokens = app.get(BearerTokens);
  const sessions = app.get(ConsoleSessions);
  const actorOf = async (request: FastifyRequest): Promise<Actor | undefined> => {
    const verdict = tokens.verdictOfRequest(request);
    if (verdict !== undefined) {
      const outcome = await verdict;
      return 'actor' in outcome ? outcome.actor : undefined;
    }
    // Without Redis the session is unknown here; the guard answers for it.
    return sessions.actorOfRequest(request).catch(() => undefined);
  };
  await app.register(fastifyRateLimit, {
    global: false,
    redis: app.get<Redis>(REDIS),
    nameSpace: `${settings.redisPrefix}:rate-limit:`,
    max: settings.perMinute,
    timeWindow: WINDOW_MS,
    skipOnError: true,
    keyGenerator: async (request: FastifyRequest) => {
      const actor = await actorOf(request);
      return actor ? `actor:${actor.id}` : `ip:${request.ip}`;
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const check = fastify.createRateLimit();
  fastify.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED.test(request.url)) return;
    const outcome = await check(request);
    if (outcome.isAllowed || !outcome.isExceeded) return;
    const retryAfter = Math.max(1, outcome.ttlInSeconds);
    const { status, body } = toErrorResponse(
      new HttpException(
        `Rate limit of ${outcome.max} requests per minute reached; retry after ${retryAfter} s`,
        429,
      ),
    );
    await reply
      .status(status)
      .header('retry-after', String(retryAfter))
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
    return reply;
  });
}
