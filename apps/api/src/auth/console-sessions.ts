import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import type { Actor } from '@cl/commands';
import { REDIS } from '@cl/redis/nest';
import { ApiKeys } from './api-keys';
import { CONSOLE_SESSION_SECONDS, COOKIE_METHODS, sessionCookie } from './session-cookie';

/** Marks a session record that holds an identity provider's actor (a digest is base64: never this). */
const OIDC_RECORD = 'oidc';

export interface ConsoleSession {
  sessionId: string;
  actor: Actor;
  /** The latest end: 8 h after sign-in (it ends sooner after CONSOLE_SESSION_IDLE_MINUTES idle). */
  expiresAt: string;
}

/**
 * The session's record when it is still open: its TTL becomes the shorter of the idle time
 * and what is left of its 8 h, in the same round trip. The record is `<end in ms> <digest>`
 * for an API key's sign-in, `<end in ms> oidc <actor as JSON>` for one through the identity provider.
 * KEYS[1] the session; ARGV[1] now (ms), ARGV[2] the idle time (ms). A record of another form
 * (a session from before idle ends) is ended.
 */
const TOUCH = `
local value = redis.call('GET', KEYS[1])
if not value then return false end
local ends = tonumber(string.match(value, '^(%d+) '))
local ttl = ends and math.min(tonumber(ARGV[2]), ends - tonumber(ARGV[1])) or 0
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
  return false
end
redis.call('PEXPIRE', KEYS[1], ttl)
return value
`;

/**
 * The console's sign-ins (docs/http-api.md, Operations), in Redis so every API process knows them:
 * `<prefix>:console-session:<sha256 of the session id>` -> the end of its 8 h and the
 * signed-in token's digest (or, for a sign-in through the identity provider, the actor its ID
 * token named), with a TTL that each request by cookie renews up to
 * CONSOLE_SESSION_IDLE_MINUTES (never past the 8 h). The session id (32 random bytes) is what
 * the HttpOnly cookie carries, never the token; Redis holds neither. The token is looked up
 * again on every request, so a token removed from API_KEYS ends its sessions at the next
 * restart; an identity provider's actor keeps the role it signed in with until the session
 * ends; DELETE /console/session ends one at once.
 */
@Injectable()
export class ConsoleSessions {
  /** One lookup per request: the rate limit and the guard both ask for a cookie's actor. */
  private readonly lookups = new WeakMap<FastifyRequest, Promise<Actor | undefined>>();
  private readonly idleMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeys,
  ) {
    this.idleMs = Math.max(1, Math.round(config.consoleSessionIdleMinutes * 60_000));
  }

  /** A new session for this token, or undefined when the token is unknown. */
  async open(token: string): Promise<ConsoleSession | undefined> {
    const actor = this.keys.actorFor(token);
    if (!actor) return undefined;
    return this.record(actor, ApiKeys.digestOf(token));
  }

  /** A new session for an actor the identity provider signed in (its ID token's claims). */
  openFor(actor: Actor): Promise<ConsoleSession> {
    return this.record(actor, `${OIDC_RECORD} ${JSON.stringify(actor)}`);
  }

  private async record(actor: Actor, who: string): Promise<ConsoleSession> {
    const sessionId = randomBytes(32).toString('base64url');
    const endsAt = Date.now() + CONSOLE_SESSION_SECONDS * 1000;
    const ttl = Math.min(this.idleMs, CONSOLE_SESSION_SECONDS * 1000);
    await this.redis.set(this.key(sessionId), `${endsAt} ${who}`, 'PX', ttl);
    return { sessionId, actor, expiresAt: new Date(endsAt).toISOString() };
  }

  /**
   * The actor of the request's session cookie, or undefined (no cookie, a method the cookie
   * does not authenticate, an unknown, ended or signed-out session). Keeps the session alive.
   */
  actorOfRequest(request: FastifyRequest): Promise<Actor | undefined> {
    const sessionId = COOKIE_METHODS.has(request.method) ? sessionCookie(request.headers) : undefined;
    if (sessionId === undefined) return Promise.resolve(undefined);
    let lookup = this.lookups.get(request);
    if (!lookup) {
      lookup = this.actorFor(sessionId);
      this.lookups.set(request, lookup);
    }
    return lookup;
  }

  /** The actor signed in with this session id, or undefined; a request renews its idle time. */
  async actorFor(sessionId: string): Promise<Actor | undefined> {
    const value = (await this.redis.eval(TOUCH, 1, this.key(sessionId), Date.now(), this.idleMs)) as
      string | null;
    if (value === null) return undefined;
    const who = value.slice(value.indexOf(' ') + 1);
    if (who.startsWith(`${OIDC_RECORD} `)) return recordedActor(who.slice(OIDC_RECORD.length + 1));
    return this.keys.actorForDigest(who);
  }

  async close(sessionId: string): Promise<void> {
    await this.redis.del(this.key(sessionId));
  }

  private key(sessionId: string): string {
    const id = createHash('sha256').update(sessionId, 'utf8').digest('hex');
    return `${this.config.redisPrefix}:console-session:${id}`;
  }
}

/** The actor a session record holds, or undefined when it is not one (a record of an older form). */
function recordedActor(json: string): Actor | undefined {
  try {
    const actor = JSON.parse(json) as Partial<Actor> | null;
    if (typeof actor?.id !== 'string' || typeof actor.role !== 'string' || actor.role === 'system') {
      return undefined;
    }
    return actor as Actor;
  } catch {
    return undefined;
  }
}
