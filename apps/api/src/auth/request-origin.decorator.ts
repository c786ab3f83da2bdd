import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IdempotentRequest } from '../idempotency/idempotency.guard';
import type { Actor } from '@cl/commands';
import type { AuthenticatedRequest } from './auth.guard';

/** Where a command comes from: the authenticated actor, the request's headers, its Idempotency-Key claim. */
export interface RequestOrigin {
  actor: Actor;
  headers: FastifyRequest['headers'];
  idempotency?: IdempotentRequest['idempotency'];
}

export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest & IdempotentRequest>();
  return { actor: request.actor, headers: request.headers, idempotency: request.idempotency };
});
