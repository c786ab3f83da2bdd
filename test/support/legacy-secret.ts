import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * A webhook secret sealed in the v1 format, as the service wrote it before v2 (AES-256-GCM,
 * no associated data): for tests of read compatibility and resealing.
 */
export function sealV1(key: Buffer, plain: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', nonce, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}
