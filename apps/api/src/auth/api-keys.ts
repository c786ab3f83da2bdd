import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig, ApiKeyRole } from '@cl/config';
import type { Actor } from '@cl/commands';

export const ADMIN_TOKEN_FILE = 'admin-token';

/** Token -> actor. The actor id is a hash of the token: stable, and it does not reveal it. */
export class ApiKeys {
  private readonly actors = new Map<string, Actor>();

  constructor(keys: { role: ApiKeyRole; token: string }[]) {
    for (const { role, token } of keys) {
      const digest = createHash('sha256').update(token).digest('hex').slice(0, 16);
      this.actors.set(token, { id: `${role}-${digest}`, role });
    }
  }

  actorFor(token: string): Actor | undefined {
    return this.actors.get(token);
  }

  /**
   * API_KEYS, or, when it is not set, one admin token kept in DATA_DIR/admin-token (made
   * on first start): the service never starts open.
   */
  static fromConfig(config: AppConfig, announce: (message: string) => void = console.log): ApiKeys {
    if (config.apiKeys) return new ApiKeys(config.apiKeys);
    const file = join(config.dataDir, ADMIN_TOKEN_FILE);
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    announce(`API_KEYS is not set: use the admin token in ${file} (Authorization: Bearer <token>)`);
    return new ApiKeys([{ role: 'admin', token: readFileSync(file, 'utf8').trim() }]);
  }
}
