import { Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Actor } from '@cl/commands';
import { actorFromClaims, type ClaimsRejection } from './oidc-claims';
import { IdentityProviderUnavailableError, OidcIssuer } from './oidc-issuer';

/**
 * The signature algorithms an access token may use: asymmetric ones only, so neither
 * `alg: none` nor an HMAC keyed with the issuer's public key (the classic confusion) passes.
 */
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** `exp` and `nbf` are checked with this much leeway for clocks that disagree. */
const CLOCK_TOLERANCE_SECONDS = 60;

/** A compact JWS: three base64url parts (the last empty for `alg: none`, which is then refused). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * OpenID Connect access tokens (docs/http-api.md, Authentication): a JWT signed by one of the
 * issuer's keys (its JWKS, from the discovery document's jwks_uri), with OIDC_ISSUER as `iss`,
 * OIDC_AUDIENCE among `aud`, within `exp` and `nbf`. jose's remote key set keeps the keys in
 * memory: a known key id costs no network call; an unknown one fetches the set again (a
 * rotated key), at most once per cooldown (60 s), else the token is refused.
 */
@Injectable()
export class OidcAccessTokens {
  private readonly logger = new Logger('OidcAccessTokens');
  private keySet: JWTVerifyGetKey | undefined;

  constructor(private readonly issuer: OidcIssuer) {}

  /** Whether OIDC_ISSUER is set (else no token is one of its). */
  get enabled(): boolean {
    return this.issuer.settings !== undefined;
  }

  /** Whether a token is worth verifying as a JWT at all. */
  looksLikeJwt(token: string): boolean {
    return this.enabled && JWT_SHAPE.test(token);
  }

  /**
   * The token's actor, or why it names none.
   * @throws IdentityProviderUnavailableError when the issuer's document or keys cannot be read
   */
  async verify(token: string): Promise<{ actor: Actor } | ClaimsRejection> {
    const settings = this.issuer.settings;
    if (!settings) return { rejected: 'invalid', reason: 'OIDC_ISSUER is not set' };
    const keys = await this.keys();
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ASYMMETRIC_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      // jose's bare JOSEError (not a subclass) is what a failed key-set fetch throws: a non-200
      // answer or one that is not JSON; a timeout and a malformed set have their own classes.
      const fetchFailed =
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        (error instanceof errors.JOSEError && error.constructor === errors.JOSEError);
      if (fetchFailed) throw this.unavailable(error);
      if (error instanceof errors.JOSEError) return { rejected: 'invalid', reason: error.code };
      // Not a verdict on the token: the key set could not be fetched (a network error).
      throw this.unavailable(error);
    }
    return actorFromClaims(claims, settings);
  }

  private async keys(): Promise<JWTVerifyGetKey> {
    if (this.keySet) return this.keySet;
    const metadata = await this.issuer.discover();
    this.keySet ??= createRemoteJWKSet(new URL(metadata.jwks_uri), {
      cooldownDuration: (this.issuer.settings?.keyRefetchCooldownSeconds ?? 60) * 1000,
    });
    return this.keySet;
  }

  private unavailable(error: unknown): IdentityProviderUnavailableError {
    this.logger.warn(`The identity provider's keys cannot be read: ${String(error)}`);
    return new IdentityProviderUnavailableError("The identity provider's keys cannot be read now", {
      cause: error,
    });
  }
}
