import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import type { Actor } from '@cl/commands';
import { REDIS } from '@cl/redis/nest';
import { ApiKeys } from './api-keys';

/** How long a console sign-in lasts (the cookie's Max-Age and the record's TTL). */
export const CONSOLE_SESSION_SECONDS = 8 * 60 * 60;

export interface ConsoleSession {
  sessionId: string;
  actor: Actor;
  expiresAt: string;
}

/**
 * The console's sign-ins (http-api.md, Operations), in Redis so every API process knows them:
 * `<prefix>:console-session:<sha256 of the session id>` -> the signed-in token's digest, with a
 * TTL. The session id (32 random bytes) is what the HttpOnly cookie carries, never the token;
 * Redis holds neither. The token is looked up again on every request, so a token removed from
 * API_KEYS ends its sessions at the next restart; DELETE /console/session ends one at once.
 */
@Injectable()
export class ConsoleSessions {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeys,
  ) {}

  /** A new session for this token, or undefined when the token is unknown. */
  async open(token: string): Promise<ConsoleSession | undefined> {
    const actor = this.keys.actorFor(token);
    if (!actor) return undefined;
    const sessionId = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(sessionId), ApiKeys.digestOf(token), 'EX', CONSOLE_SESSION_SECONDS);
    return {
      sessionId,
      actor,
      expiresAt: new Date(Date.now() + CONSOLE_SESSION_SECONDS * 1000).toISOString(),
    };
  }

  /** The actor signed in with this session id, or undefined (unknown, expired or signed out). */
  async actorFor(sessionId: string): Promise<Actor | undefined> {
    const digest = await this.redis.get(this.key(sessionId));
    return digest === null ? undefined : this.keys.actorForDigest(digest);
  }

  async close(sessionId: string): Promise<void> {
    await this.redis.del(this.key(sessionId));
  }

  private key(sessionId: string): string {
    const id = createHash('sha256').update(sessionId, 'utf8').digest('hex');
    return `${this.config.redisPrefix}:console-session:${id}`;
  }
}
