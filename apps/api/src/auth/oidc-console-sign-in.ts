import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import * as oidc from 'openid-client';
import { APP_CONFIG, type AppConfig, type OidcConfig, type OidcConsoleConfig } from '@cl/config';
import type { Actor } from '@cl/commands';
import { REDIS } from '@cl/redis/nest';
import { actorFromClaims } from './oidc-claims';
import { IdentityProviderUnavailableError, OidcIssuer } from './oidc-issuer';

/** How long a browser has between leaving for the issuer and coming back (the flow cookie's Max-Age too). */
export const SIGN_IN_FLOW_SECONDS = 600;

/** What the browser is sent back to the console with when a sign-in through the issuer does not end in a session. */
export type SignInFailure =
  /** The flow is unknown, ended or was started in another browser; the issuer refused or the code did not trade. */
  | 'failed'
  /** The ID token names no role this service knows (403 for a token). */
  | 'no-role'
  /** The issuer cannot be reached now. */
  | 'unavailable';

/** What a sign-in started: the flow id for the browser's cookie, and where to send it. */
export interface SignInStart {
  flowId: string;
  authorizationUrl: string;
}

/** What the server remembers of a sign-in in progress: PKCE's verifier, state and nonce. */
interface PendingSignIn {
  codeVerifier: string;
  state: string;
  nonce: string;
}

/**
 * The console's sign-in through the issuer (docs/http-api.md, Authentication): the
 * authorization code flow with PKCE (S256), by openid-client. `start` keeps the code
 * verifier, state and nonce in Redis under a random flow id for 10 minutes (the browser holds
 * only the flow id, in an HttpOnly cookie, so a callback can be completed only by the browser
 * that started it) and names the issuer's authorization URL; `finish` takes them back once
 * (GETDEL: a replayed callback fails), trades the code at the token endpoint and reads the
 * actor from the ID token's claims (openid-client checks its iss, aud, exp and nonce).
 */
@Injectable()
export class OidcConsoleSignIn {
  private readonly logger = new Logger('OidcConsoleSignIn');
  private readonly settings: (OidcConfig & { console: OidcConsoleConfig }) | undefined;
  private configuration: oidc.Configuration | undefined;

  constructor(
    private readonly issuer: OidcIssuer,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const settings = config.oidc;
    this.settings = settings?.console ? { ...settings, console: settings.console } : undefined;
  }

  /** The issuer the console signs in through, or undefined when OIDC_CLIENT_ID is not set. */
  get issuerUrl(): string | undefined {
    return this.settings?.issuer;
  }

  /** @throws IdentityProviderUnavailableError when the issuer's discovery document cannot be read */
  async start(): Promise<SignInStart> {
    const settings = this.required();
    const configuration = await this.client();
    const pending: PendingSignIn = {
      codeVerifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
    };
    const flowId = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(flowId), JSON.stringify(pending), 'EX', SIGN_IN_FLOW_SECONDS);
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.console.redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { flowId, authorizationUrl: authorizationUrl.href };
  }

  /**
   * The actor of a finished sign-in, or why there is none. `query` is the callback's query
   * string (code and state, or the issuer's error).
   */
  async finish(
    flowId: string | undefined,
    query: string,
  ): Promise<{ actor: Actor } | { failure: SignInFailure }> {
    const settings = this.required();
    const stored = flowId === undefined ? null : await this.redis.getdel(this.key(flowId));
    if (stored === null) return { failure: 'failed' };
    const pending = JSON.parse(stored) as PendingSignIn;
    let claims: Record<string, unknown> | undefined;
    try {
      const configuration = await this.client();
      const callback = new URL(settings.console.redirectUri);
      callback.search = query;
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      if (error instanceof IdentityProviderUnavailableError) return { failure: 'unavailable' };
      const refused =
        error instanceof oidc.AuthorizationResponseError ||
        error instanceof oidc.ResponseBodyError ||
        error instanceof oidc.ClientError;
      this.logger.warn(`A console sign-in through ${settings.issuer} failed: ${String(error)}`);
      return { failure: refused ? 'failed' : 'unavailable' };
    }
    if (!claims) return { failure: 'failed' };
    const named = actorFromClaims(claims, settings);
    if ('actor' in named) return named;
    return { failure: named.rejected === 'no-role' ? 'no-role' : 'failed' };
  }

  private required() {
    if (!this.settings)
      throw new Error('OIDC_CLIENT_ID is not set: the console has no sign-in through an issuer');
    return this.settings;
  }

  /** openid-client's view of the issuer and the console's client, made from the discovery document once. */
  private async client(): Promise<oidc.Configuration> {
    if (this.configuration) return this.configuration;
    const settings = this.required();
    const metadata = await this.issuer.discover();
    const configuration = new oidc.Configuration(
      metadata as oidc.ServerMetadata,
      settings.console.clientId,
      settings.console.clientSecret,
      settings.console.clientSecret === undefined ? oidc.None() : undefined,
    );
    // OIDC_ISSUER may be http only on a loopback address (the settings check it).
    if (new URL(settings.issuer).protocol === 'http:') oidc.allowInsecureRequests(configuration);
    this.configuration = configuration;
    return configuration;
  }

  private key(flowId: string): string {
    const id = createHash('sha256').update(flowId, 'utf8').digest('hex');
    return `${this.config.redisPrefix}:console-sign-in:${id}`;
  }
}
