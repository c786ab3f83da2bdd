import {
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
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
import { BearerTokens } from './bearer-tokens';
import { ConsoleSessions } from './console-sessions';
import { COOKIE_METHODS, sessionCookie } from './session-cookie';

export type AuthenticatedRequest = FastifyRequest & { actor: Actor };
/** A request to a public route: `actor` is set when it carried a valid token. */
export type PublicRequest = FastifyRequest & { actor?: Actor };

/**
 * Bearer token -> actor (401 when missing or unknown; 403 for an access token without a known
 * role; 503 when the identity provider's keys cannot be read), then the route's roles (403). A GET
 * (or HEAD) without the header may carry the console's session cookie instead; any other
 * method needs the header, so a page on another site cannot run a command with the cookie.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeys,
    private readonly tokens: BearerTokens,
    private readonly sessions: ConsoleSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      // No token needed; an API key that is sent still names the caller (/health shows an
      // admin more). Not the session cookie: that is a Redis read, and /health must answer
      // while Redis is down; nor an access token, which may need the identity provider.
      const token = bearerToken(request.headers);
      const actor = token === undefined ? undefined : this.keys.actorFor(token);
      if (actor) request.actor = actor;
      return true;
    }
    const actor = await this.actorOf(request);
    if (!actor) throw new UnauthorizedException(this.missing(request));
    const allowed = this.reflector.getAllAndOverride<Actor['role'][]>(ALLOWED_ROLES, targets) ?? [];
    if (actor.role !== 'admin' && !allowed.includes(actor.role)) {
      throw new ForbiddenException(`The ${actor.role} role may not do this`);
    }
    request.actor = actor;
    return true;
  }

  private async actorOf(request: FastifyRequest): Promise<Actor | undefined> {
    const verdict = await this.tokens.verdictOfRequest(request);
    if (verdict === undefined) return this.sessions.actorOfRequest(request);
    if ('actor' in verdict) return verdict.actor;
    if (verdict.rejected === 'no-role') throw new ForbiddenException(`Not allowed: ${verdict.reason}`);
    if (verdict.rejected === 'unavailable') {
      throw new ServiceUnavailableException(
        'The identity provider cannot be reached to verify the access token: retry later',
      );
    }
    if (verdict.reason !== undefined) {
      throw new UnauthorizedException(`The access token is not valid (${verdict.reason})`);
    }
    return undefined;
  }

  private missing(request: FastifyRequest): string {
    if (bearerToken(request.headers) === undefined && sessionCookie(request.headers) !== undefined) {
      return COOKIE_METHODS.has(request.method)
        ? 'The console session has ended: sign in again (POST /console/session) or send a bearer token'
        : 'The console session cookie is accepted on GET requests only: send Authorization: Bearer <token>';
    }
    return 'A valid bearer token is required';
  }
}
