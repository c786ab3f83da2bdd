import { HttpException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { REDIS } from '@cl/redis/nest';
import { ApiKeys } from '../auth/api-keys';
import { bearerToken } from '../auth/bearer-token';
import { toErrorResponse } from '../http/error-response';

const WINDOW_MS = 60_000;

/** Routes any monitor or browser may call as often as it likes: no token, no limit. */
const UNLIMITED = /^\/(?:health|metrics|docs(?:-json)?)(?:[/?]|$)/;

/**
 * RATE_LIMIT_PER_MINUTE (operations.md): at most `perMinute` requests per token in each
 * minute, counted in Redis under `<prefix>:rate-limit:` so every API process shares one
 * budget (@fastify/rate-limit's Redis store: one INCR and PEXPIRE per request, in a script).
 * A request without a known token counts against its IP address, so guessing tokens is
 * limited too. Over the limit: 429 with Retry-After and the error body, answered in an
 * onRequest hook, before the body is read and before the Idempotency-Key is claimed, so
 * nothing is written and a retry after the window gets the key afresh. When Redis does not
 * answer, requests pass (the limit protects the service; it must not take it down).
 */
export async function limitRequestRate(
  app: NestFastifyApplication,
  settings: { perMinute: number; redisPrefix: string },
): Promise<void> {
  const keys = app.get(ApiKeys);
  await app.register(fastifyRateLimit, {
    global: false,
    redis: app.get<Redis>(REDIS),
    nameSpace: `${settings.redisPrefix}:rate-limit:`,
    max: settings.perMinute,
    timeWindow: WINDOW_MS,
    skipOnError: true,
    keyGenerator: (request: FastifyRequest) => {
      const token = bearerToken(request.headers);
      const actor = token === undefined ? undefined : keys.actorFor(token);
      return actor ? `token:${actor.id}` : `ip:${request.ip}`;
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
