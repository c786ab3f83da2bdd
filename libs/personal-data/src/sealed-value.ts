import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomBytesPooled } from './random-bytes';
import type { DataKey } from './data-key-store';

const FORMAT = 'pd1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * One personal value sealed with AES-256-GCM (a random 96-bit nonce, the full tag), bound to
 * where it was written (`binding`: the event id and field name, the additional data):
 * `pd1.<keyId>.<binding>.<nonce>.<tag>.<ciphertext>`, the parts after the key id base64url.
 * The clear value is its JSON. The binding travels with the value, so a read model that keeps
 * the sealed value (the complaint list) opens it without knowing the event; an event's reader
 * also checks that the binding is the event's own (a value moved elsewhere does not open).
 */
export function sealValue(dataKey: DataKey, binding: string, value: unknown): string {
  // Each part converted once, no copies joined: in a loaded service the JavaScript around
  // the cipher costs about as much as the AES itself (docs/privacy.md, "What it costs").
  const nonce = randomBytesPooled(NONCE_BYTES);
  const additionalData = Buffer.from(binding, 'utf8');
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData);
  // GCM is a stream mode: final() adds no bytes, it computes the tag.
  const body = cipher.update(JSON.stringify(value), 'utf8');
  cipher.final();
  const tag = cipher.getAuthTag();
  return `${FORMAT}.${dataKey.keyId}.${additionalData.toString('base64url')}.${nonce.toString('base64url')}.${tag.toString('base64url')}.${body.toString('base64url')}`;
}

/** The key id a sealed value names; undefined when the value is not one. */
export function keyIdOf(sealed: unknown): string | undefined {
  if (typeof sealed !== 'string' || !sealed.startsWith(`${FORMAT}.`)) return undefined;
  const end = sealed.indexOf('.', FORMAT.length + 1);
  return end === -1 ? undefined : sealed.slice(FORMAT.length + 1, end);
}

/** A stored value that is not a sealed value of this binding under this key (tampered with, or misplaced). */
export class UnreadableSealedValueError extends Error {
  override readonly name = 'UnreadableSealedValueError';
}

/**
 * The clear value of a sealed one; with `expectedBinding`, only if it was sealed for that place.
 * @throws UnreadableSealedValueError when it does not open with this key (and binding)
 */
export function openValue(sealed: string, key: Buffer, expectedBinding?: string): unknown {
  const parts = sealed.split('.');
  if (parts.length !== 6 || parts[0] !== FORMAT) throw new UnreadableSealedValueError('Not a sealed value');
  const binding = Buffer.from(parts[2], 'base64url').toString('utf8');
  if (expectedBinding !== undefined && binding !== expectedBinding) {
    throw new UnreadableSealedValueError(`A sealed value of ${binding} found in ${expectedBinding}`);
  }
  const [nonce, tag, body] = parts.slice(3).map((part) => Buffer.from(part, 'base64url'));
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) {
    throw new UnreadableSealedValueError('A sealed value with a nonce or tag of the wrong length');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(binding, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as unknown;
  } catch {
    throw new UnreadableSealedValueError(
      `A sealed value of ${binding} does not open (tampered with or misplaced)`,
    );
  }
}
