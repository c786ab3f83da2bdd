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

/**
 * At most this many sign-ins in progress (started, not yet back): `GET /console/sign-in` needs
 * no token, and each one keeps ~300 bytes in Redis for SIGN_IN_FLOW_SECONDS, so without a bound
 * anyone could fill a Redis that evicts nothing (every write of the service would then fail).
 * 10,000 flows hold ~4 MiB.
 */
export const MAX_SIGN_INS_IN_PROGRESS = 10_000;

/** Too many sign-ins in progress: answered 429, retry after `retryAfterSeconds`. */
export class TooManySignInsError extends Error {
  override readonly name = 'TooManySignInsError';
  readonly retryAfterSeconds = 60;
}

/**
 * Keeps a sign-in's flow unless MAX flows are in progress: the set of flows (by expiry) drops
 * the expired, then counts. KEYS: the set, the flow's key; ARGV: now (ms), the flow's expiry
 * (ms), the bound, the set's member, the flow, its seconds.
 */
const KEEP_FLOW = `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[5], 'EX', ARGV[6])
return 1`;

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

  /**
   * @throws IdentityProviderUnavailableError when the issuer's discovery document cannot be read
   * @throws TooManySignInsError when MAX_SIGN_INS_IN_PROGRESS sign-ins are in progress
   */
  async start(): Promise<SignInStart> {
    const settings = this.required();
    const configuration = await this.client();
    const pending: PendingSignIn = {
      codeVerifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
    };
    const flowId = randomBytes(32).toString('base64url');
    const now = Date.now();
    const kept = await this.redis.eval(
      KEEP_FLOW,
      2,
      this.flowsKey(),
      this.key(flowId),
      now,
      now + SIGN_IN_FLOW_SECONDS * 1000,
      MAX_SIGN_INS_IN_PROGRESS,
      this.key(flowId),
      JSON.stringify(pending),
      SIGN_IN_FLOW_SECONDS,
    );
    if (kept !== 1) throw new TooManySignInsError(`${MAX_SIGN_INS_IN_PROGRESS} sign-ins are in progress`);
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
    const stored = flowId === undefined ? null : await this.taken(flowId);
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

  /** The flow's PKCE values, taken once (a replayed callback finds none), and its place in the set freed. */
  private async taken(flowId: string): Promise<string | null> {
    const key = this.key(flowId);
    const [[, stored]] = (await this.redis.multi().getdel(key).zrem(this.flowsKey(), key).exec()) as [
      [Error | null, string | null],
    ];
    return stored;
  }

  private flowsKey(): string {
    return `${this.config.redisPrefix}:console-sign-ins`;
  }

  private key(flowId: string): string {
    const id = createHash('sha256').update(flowId, 'utf8').digest('hex');
    return `${this.config.redisPrefix}:console-sign-in:${id}`;
  }
}
