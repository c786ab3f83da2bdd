import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor';
import type { AuthenticatedRequest } from './auth.guard';

/** Where a command comes from: the authenticated actor and the request's headers. */
export interface RequestOrigin {
  actor: Actor;
  headers: FastifyRequest['headers'];
}

export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return { actor: request.actor, headers: request.headers };
});
