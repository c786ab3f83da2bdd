import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
// Not '@cl/config': its index loads the Nest module; this library stays framework-free.
import { generatedKeyFile } from '@cl/config/generated-key-file';

/** The generated key's file in DATA_DIR (a backup copies it). */
export const SUBSCRIPTION_KEY_FILE = 'subscription-secret.key';

/** GCM's full tag: shorter ones would make forgeries cheaper, so none other is accepted. */
const TAG_BYTES = 16;
const NONCE_BYTES = 12;

/** A sealed secret that does not open: another format, another key, another subscription, or tampered with. */
export class UnreadableSecretError extends Error {
  override readonly name = 'UnreadableSecretError';
}

/**
 * Encrypts webhook secrets for the event store (AES-256-GCM, a random 96-bit nonce per
 * secret, the full 128-bit tag): `v2.<nonce>.<tag>.<ciphertext>`, base64url, with the
 * subscription's id as associated data, so a sealed secret copied into another
 * subscription's record does not open there. `v1.` (the same without associated data) still
 * opens; the delivery reseals those as it reads them (secret-resealer.ts). The key is
 * SUBSCRIPTION_SECRET_KEY (base64 of 32 bytes) or, without it, a key generated into DATA_DIR
 * (mode 600).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32)
      throw new Error('The subscription secret key must be 32 bytes (base64 of 32 bytes)');
  }

  static fromConfig(dataDir: string, base64Key: string | undefined): SecretBox {
    if (base64Key !== undefined) return new SecretBox(Buffer.from(base64Key, 'base64'));
    const key = generatedKeyFile(join(dataDir, SUBSCRIPTION_KEY_FILE), () =>
      randomBytes(32).toString('base64'),
    );
    return new SecretBox(Buffer.from(key, 'base64'));
  }

  /** Seals a subscription's secret in the current format (v2), bound to its id. */
  seal(plain: string, subscriptionId: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v2', ...[nonce, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join('.');
  }

  /**
   * The secret of this subscription, from its v2 or v1 form.
   * @throws UnreadableSecretError when it does not open
   */
  open(sealed: string, subscriptionId: string): string {
    const [version, ...parts] = sealed.split('.');
    if ((version !== 'v1' && version !== 'v2') || parts.length !== 3) {
      throw new UnreadableSecretError('Not a sealed subscription secret');
    }
    const [nonce, tag, body] = parts.map((part) => Buffer.from(part, 'base64url'));
    if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) {
      throw new UnreadableSecretError('A sealed subscription secret with a nonce or tag of the wrong length');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    if (version === 'v2') decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableSecretError(
        `The secret of subscription ${subscriptionId} does not open with this key (another key, subscription, or tampered with)`,
      );
    }
  }

  /** Whether a sealed secret is in an older format, to be resealed (secret-resealer.ts). */
  static isOutdated(sealed: string): boolean {
    return !sealed.startsWith('v2.');
  }
}
