import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SecretBox } from '@cl/integration';
import { makeTempDir } from '../support/temp-dir';

describe('SecretBox (webhook secrets at rest)', () => {
  it('seals with AES-256-GCM: never the clear text, a new nonce each time, tampering detected', () => {
    const box = new SecretBox(randomBytes(32));
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sealed = box.seal(secret);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(box.seal(secret)).not.toBe(sealed);
    expect(box.open(sealed)).toBe(secret);
    const [version, nonce, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([version, nonce, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it('generates its key into DATA_DIR once, mode 600, or takes SUBSCRIPTION_SECRET_KEY', () => {
    const dir = makeTempDir('secret-box');
    try {
      const first = SecretBox.fromConfig(dir.path, undefined);
      const path = join(dir.path, 'subscription-secret.key');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const sealed = first.seal('whsec_abc');
      expect(SecretBox.fromConfig(dir.path, undefined).open(sealed)).toBe('whsec_abc');
      const key = randomBytes(32).toString('base64');
      expect(
        SecretBox.fromConfig(dir.path, key).open(SecretBox.fromConfig('/nonexistent', key).seal('x')),
      ).toBe('x');
      expect(() => SecretBox.fromConfig(dir.path, Buffer.from('short').toString('base64'))).toThrow(
        /32 bytes/,
      );
    } finally {
      dir.remove();
    }
  });
});
