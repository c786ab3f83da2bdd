import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The generated key's file in DATA_DIR (a backup copies it). */
export const SUBSCRIPTION_KEY_FILE = 'subscription-secret.key';

/**
 * Encrypts webhook secrets for the event store (AES-256-GCM, a random 96-bit nonce per
 * secret): `v1.<nonce>.<tag>.<ciphertext>`, base64url. The key is SUBSCRIPTION_SECRET_KEY
 * (base64 of 32 bytes) or, without it, a key generated into DATA_DIR (mode 600).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32)
      throw new Error('The subscription secret key must be 32 bytes (base64 of 32 bytes)');
  }

  static fromConfig(dataDir: string, base64Key: string | undefined): SecretBox {
    if (base64Key !== undefined) return new SecretBox(Buffer.from(base64Key, 'base64'));
    const path = join(dataDir, SUBSCRIPTION_KEY_FILE);
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Written aside, then linked into place: processes starting together (the API and its
      // projection process) agree on one key, and none reads a half-written file.
      const aside = `${path}.${process.pid}.tmp`;
      writeFileSync(aside, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
      try {
        linkSync(aside, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(aside);
      }
    }
    return new SecretBox(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
  }

  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', nonce, cipher.getAuthTag(), body]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, nonce, tag, body] = sealed.split('.');
    if (version !== 'v1' || body === undefined) throw new Error('Not a sealed subscription secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
