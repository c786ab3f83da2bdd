import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@cl/commands';
import { ApiKeys } from './api-keys';
import { bearerToken } from './bearer-token';
import { OidcAccessTokens } from './oidc-access-tokens';
import { IdentityProviderUnavailableError } from './oidc-issuer';

/**
 * What a bearer token stands for: its actor; or unknown (401: not an API key, not a valid
 * access token, `reason` says why when it was a JWT); a valid access token without a known role
 * (403); or the identity provider's keys cannot be read now (503).
 */
export type TokenVerdict =
  | { actor: Actor }
  | { rejected: 'unknown'; reason?: string }
  | { rejected: 'no-role'; reason: string }
  | { rejected: 'unavailable' };

/**
 * Bearer tokens of both sources (docs/http-api.md, Authentication): API keys first (a lookup
 * in memory), then, when OIDC_ISSUER is set and the token is shaped like a JWT, an OpenID
 * Connect access token. One verdict per request: the rate limit and the guard both ask.
 */
@Injectable()
export class BearerTokens {
  private readonly verdicts = new WeakMap<FastifyRequest, Promise<TokenVerdict>>();

  constructor(
    private readonly keys: ApiKeys,
    private readonly accessTokens: OidcAccessTokens,
  ) {}

  /** The verdict on the request's bearer token, or undefined when it has none. */
  verdictOfRequest(request: FastifyRequest): Promise<TokenVerdict> | undefined {
    const token = bearerToken(request.headers);
    if (token === undefined) return undefined;
    let verdict = this.verdicts.get(request);
    if (!verdict) {
      verdict = this.verdictFor(token);
      this.verdicts.set(request, verdict);
    }
    return verdict;
  }

  async verdictFor(token: string): Promise<TokenVerdict> {
    const actor = this.keys.actorFor(token);
    if (actor) return { actor };
    if (!this.accessTokens.looksLikeJwt(token)) return { rejected: 'unknown' };
    try {
      const verified = await this.accessTokens.verify(token);
      if ('actor' in verified) return verified;
      return verified.rejected === 'no-role' ? verified : { rejected: 'unknown', reason: verified.reason };
    } catch (error) {
      if (error instanceof IdentityProviderUnavailableError) return { rejected: 'unavailable' };
      throw error;
    }
  }
}
