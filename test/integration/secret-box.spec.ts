import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SecretBox, UnreadableSecretError } from '@cl/integration';
import { sealV1 } from '../support/legacy-secret';
import { makeTempDir } from '../support/temp-dir';

describe('SecretBox (webhook secrets at rest)', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('seals with AES-256-GCM (v2): never the clear text, a new nonce each time, tampering detected', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal(secret, 'sub-1');
    expect(sealed).toMatch(/^v2\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(box.seal(secret, 'sub-1')).not.toBe(sealed);
    expect(box.open(sealed, 'sub-1')).toBe(secret);
    const [version, nonce, tag, body] = sealed.split('.');
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([version, nonce, tag, flipped.toString('base64url')].join('.'), 'sub-1')).toThrow(
      UnreadableSecretError,
    );
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'sub-1')).toThrow(UnreadableSecretError);
  });

  it('binds a v2 secret to its subscription: moved to another id, it does not open', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal(secret, 'sub-1');
    expect(() => box.open(sealed, 'sub-2')).toThrow(UnreadableSecretError);
    // Nor relabelled as v1 (which carries no associated data).
    expect(() => box.open(sealed.replace(/^v2\./, 'v1.'), 'sub-1')).toThrow(UnreadableSecretError);
  });

  it('refuses tags of any length but 16 bytes (a truncated tag would be a cheaper forgery)', () => {
    const box = new SecretBox(randomBytes(32));
    const [version, nonce, tag, body] = box.seal(secret, 'sub-1').split('.');
    for (const bytes of [4, 8, 12, 15]) {
      const short = Buffer.from(tag, 'base64url').subarray(0, bytes).toString('base64url');
      expect(() => box.open([version, nonce, short, body].join('.'), 'sub-1')).toThrow(UnreadableSecretError);
    }
    expect(() => box.open('v3.a.b.c', 'sub-1')).toThrow(UnreadableSecretError);
    expect(() => box.open('v2.abc', 'sub-1')).toThrow(UnreadableSecretError);
  });

  it('still opens v1 secrets (written before v2), for any subscription id, and knows them outdated', () => {
    const key = randomBytes(32);
    const v1 = sealV1(key, secret);
    const box = new SecretBox(key);
    expect(box.open(v1, 'sub-1')).toBe(secret);
    expect(SecretBox.isOutdated(v1)).toBe(true);
    expect(SecretBox.isOutdated(box.seal(secret, 'sub-1'))).toBe(false);
  });

  it('generates its key into DATA_DIR once, mode 600, or takes SUBSCRIPTION_SECRET_KEY', () => {
    const dir = makeTempDir('secret-box');
    try {
      const first = SecretBox.fromConfig(dir.path, undefined);
      const path = join(dir.path, 'subscription-secret.key');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const sealed = first.seal('whsec_abc', 's');
      expect(SecretBox.fromConfig(dir.path, undefined).open(sealed, 's')).toBe('whsec_abc');
      const key = randomBytes(32).toString('base64');
      expect(
        SecretBox.fromConfig(dir.path, key).open(
          SecretBox.fromConfig('/nonexistent', key).seal('x', 's'),
          's',
        ),
      ).toBe('x');
      expect(() => SecretBox.fromConfig(dir.path, Buffer.from('short').toString('base64'))).toThrow(
        /32 bytes/,
      );
    } finally {
      dir.remove();
    }
  });
});
