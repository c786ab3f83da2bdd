import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { generatedKeyFile, MIN_TOKEN_LENGTH, type ApiKeyEntry, type AppConfig } from '@cl/config';
import type { Actor } from '@cl/commands';

export const ADMIN_TOKEN_FILE = 'admin-token';
/** The actor secret generated into DATA_DIR when ACTOR_ID_SECRET is not set (a backup copies it). */
export const ACTOR_SECRET_FILE = 'actor-id.key';

/** API keys the service cannot start with (a clash of actor ids, a generated token too short). */
export class ApiKeySettingsError extends Error {
  override readonly name = 'ApiKeySettingsError';
}

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

interface KnownToken {
  digest: Buffer;
  actor: Actor;
  /** Ids this actor was recorded under before: an unnamed key's plain-digest id. */
  formerIds: string[];
}

/**
 * Token -> actor (docs/http-api.md, Authentication), `via: 'api-key'`; a console session
 * opened with a token is the same actor. A named entry's actor is its actorId; an
 * unnamed one's is `<role>-` and 16 hex digits of HMAC-SHA256 of the token keyed with the
 * actor secret: stable, and it reveals nothing of the token, not even to someone who can guess
 * candidate tokens without the secret. Tokens are looked up by their SHA-256 digest and the
 * digests compared in constant time, so how long a lookup takes tells nothing about how much
 * of a guess matched a real token.
 */
export class ApiKeys {
  private readonly known = new Map<string, KnownToken>();
  private readonly formerIds = new Map<string, string[]>();

  constructor(keys: ApiKeyEntry[], actorSecret: string) {
    const namedIds = new Set(keys.flatMap((key) => (key.actorId === undefined ? [] : [key.actorId])));
    for (const { role, token, actorId } of keys) {
      const digest = sha256(token);
      const id =
        actorId ??
        `${role}-${createHmac('sha256', actorSecret).update(token, 'utf8').digest('hex').slice(0, 16)}`;
      if (actorId === undefined && namedIds.has(id)) {
        throw new ApiKeySettingsError(
          `API_KEYS names an actor ${id}, the id of an unnamed ${role} key: name it otherwise`,
        );
      }
      const formerIds = actorId === undefined ? [`${role}-${digest.toString('hex').slice(0, 16)}`] : [];
      const actor: Actor = { id, role, via: 'api-key' };
      this.known.set(digest.toString('base64'), { digest, actor, formerIds });
      this.formerIds.set(id, formerIds);
    }
  }

  /** The form a token is remembered in (console sessions): its SHA-256 digest, base64. */
  static digestOf(token: string): string {
    return sha256(token).toString('base64');
  }

  /** The actor of the token with this digest (ApiKeys.digestOf), or undefined. */
  actorForDigest(digest: string): Actor | undefined {
    return this.known.get(digest)?.actor;
  }

  actorFor(token: string): Actor | undefined {
    const digest = sha256(token);
    const known = this.known.get(digest.toString('base64'));
    return known && timingSafeEqual(known.digest, digest) ? known.actor : undefined;
  }

  /**
   * The ids this key's actor was recorded under before actor ids were keyed HMACs: for an
   * unnamed key `<role>-` and 16 hex digits of the token's plain SHA-256 (what owns the
   * subscriptions it created then); none for a named key or an unknown actor.
   */
  formerIdsOf(actor: Actor): string[] {
    return [...(this.formerIds.get(actor.id) ?? [])];
  }

  /**
   * API_KEYS; none when it is not set but OIDC_ISSUER is (the identity provider signs people
   * in); when neither is set, one admin token kept in DATA_DIR/admin-token (made on first
   * start): the service never starts open. The actor secret is ACTOR_ID_SECRET or
   * DATA_DIR/actor-id.key (made on first start).
   * @throws ApiKeySettingsError when DATA_DIR/admin-token holds a token too short to accept
   */
  static fromConfig(config: AppConfig, announce: (message: string) => void = console.log): ApiKeys {
    const actorSecret =
      config.actorIdSecret ??
      generatedKeyFile(join(config.dataDir, ACTOR_SECRET_FILE), () => randomBytes(32).toString('base64'));
    if (config.apiKeys) return new ApiKeys(config.apiKeys, actorSecret);
    if (config.oidc) return new ApiKeys([], actorSecret);
    const file = join(config.dataDir, ADMIN_TOKEN_FILE);
    const token = generatedKeyFile(file, () => randomBytes(24).toString('base64url'));
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new ApiKeySettingsError(
        `${file} holds a token shorter than ${MIN_TOKEN_LENGTH} characters: delete the file to have a new one generated, or set API_KEYS`,
      );
    }
    announce(`API_KEYS is not set: use the admin token in ${file} (Authorization: Bearer <token>)`);
    return new ApiKeys([{ role: 'admin', token }], actorSecret);
  }
}
