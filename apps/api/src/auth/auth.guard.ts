import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@cl/commands';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './allow.decorator';
import { ApiKeys } from './api-keys';
import { bearerToken } from './bearer-token';

export type AuthenticatedRequest = FastifyRequest & { actor: Actor };

/** Bearer token -> actor (401 when missing or unknown), then the route's roles (403). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeys,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers);
    const actor = token === undefined ? undefined : this.keys.actorFor(token);
    if (!actor) throw new UnauthorizedException('A valid bearer token is required');
    const allowed = this.reflector.getAllAndOverride<Actor['role'][]>(ALLOWED_ROLES, targets) ?? [];
    if (actor.role !== 'admin' && !allowed.includes(actor.role)) {
      throw new ForbiddenException(`The ${actor.role} role may not do this`);
    }
    request.actor = actor;
    return true;
  }
}
