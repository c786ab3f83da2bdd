import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig, ApiKeyRole } from '@cl/config';
import type { Actor } from '@cl/commands';

export const ADMIN_TOKEN_FILE = 'admin-token';

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Token -> actor. The actor id is a hash of the token: stable, and it does not reveal it.
 * Tokens are looked up by their SHA-256 digest and the digests compared in constant time, so
 * how long a lookup takes tells nothing about how much of a guess matched a real token.
 */
export class ApiKeys {
  private readonly actors = new Map<string, { digest: Buffer; actor: Actor }>();

  constructor(keys: { role: ApiKeyRole; token: string }[]) {
    for (const { role, token } of keys) {
      const digest = sha256(token);
      const actor: Actor = { id: `${role}-${digest.toString('hex').slice(0, 16)}`, role };
      this.actors.set(digest.toString('base64'), { digest, actor });
    }
  }

  /** The form a token is remembered in (console sessions): its SHA-256 digest, base64. */
  static digestOf(token: string): string {
    return sha256(token).toString('base64');
  }

  /** The actor of the token with this digest (ApiKeys.digestOf), or undefined. */
  actorForDigest(digest: string): Actor | undefined {
    return this.actors.get(digest)?.actor;
  }

  actorFor(token: string): Actor | undefined {
    const digest = sha256(token);
    const known = this.actors.get(digest.toString('base64'));
    return known && timingSafeEqual(known.digest, digest) ? known.actor : undefined;
  }

  /**
   * API_KEYS, or, when it is not set, one admin token kept in DATA_DIR/admin-token (made
   * on first start): the service never starts open.
   */
  static fromConfig(config: AppConfig, announce: (message: string) => void = console.log): ApiKeys {
    if (config.apiKeys) return new ApiKeys(config.apiKeys);
    const file = join(config.dataDir, ADMIN_TOKEN_FILE);
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    announce(`API_KEYS is not set: use the admin token in ${file} (Authorization: Bearer <token>)`);
    return new ApiKeys([{ role: 'admin', token: readFileSync(file, 'utf8').trim() }]);
  }
}
