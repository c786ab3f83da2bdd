import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { IdempotentRequest } from './idempotency.guard';
import { IdempotencyStore } from './idempotency-store';

/** Answers that are never stored: the retry must be able to succeed (docs/http-api.md). */
const NOT_STORED = new Set([401, 403, 413, 415]);

/**
 * Stores the answer of a request that claimed an Idempotency-Key (IdempotencyGuard), as the
 * bytes sent, before they are sent; or frees the key when the answer must not be stored
 * (401, 403, 413, 415, 5xx, or a 422 for a body other than the recorded attempt's). A
 * Fastify onSend hook: it sees successes and errors alike.
 */
@Injectable()
export class IdempotencyRecorder implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly store: IdempotencyStore,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request: IdempotentRequest, reply, payload) => {
      const claim = request.idempotency;
      if (!claim) return payload;
      request.idempotency = undefined;
      const status = reply.statusCode;
      if (NOT_STORED.has(status) || status >= 500 || claim.doNotStore || typeof payload !== 'string') {
        await this.store.release(claim.key);
        return payload;
      }
      const etag = reply.getHeader('etag');
      await this.store.complete(claim.key, {
        bodyHash: claim.bodyHash,
        status,
        body: payload,
        ...(typeof etag === 'string' && { etag }),
      });
      return payload;
    });
  }
}
