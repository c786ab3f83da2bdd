import canonicalize from 'canonicalize';
import { canonicalJson, chainHash, type ChainedFields } from '@cl/audit';
import { createHash } from 'node:crypto';

/** Random JSON values: nested objects and arrays, unicode keys, numbers of every magnitude. */
function randomJson(depth: number, random: () => number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 5 : 7));
  const text = () =>
    Array.from({ length: Math.floor(random() * 6) }, () =>
      String.fromCharCode(
        [0x41, 0x61, 0x7f, 0xe9, 0x1f600 & 0xffff, 0x22, 0x5c, 0x0a, 0x20ac][Math.floor(random() * 9)],
      ),
    ).join('');
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return [0, -0, 1e21, 1e-7, 123.456, -5e-324, 2 ** 53 + 2, 0.1 + 0.2][Math.floor(random() * 8)];
    case 3:
      return Math.floor(random() * 1e6) - 5e5;
    case 4:
      return text();
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth + 1, random));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [text(), randomJson(depth + 1, random)]),
      );
  }
}

function seeded(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('canonicalJson (RFC 8785)', () => {
  it('equals the canonicalize package on 2000 random JSON values', () => {
    const random = seeded(42);
    for (let i = 0; i < 2000; i++) {
      const value = randomJson(0, random);
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('chainHash', () => {
  it('is SHA-256 of prevHash followed by the canonical JSON of the covered fields', () => {
    const fields: ChainedFields = {
      streamId: 'complaint-1',
      revision: 3,
      eventId: 'e5b8f7f0-1c7e-4a57-9a3b-3a3f4b0c8d11',
      type: 'ComplaintResolved',
      data: { summary: 'Refund €20', compensation: { currency: 'EUR', amount: 20 } },
      occurredAt: '2026-03-01T15:00:00.000Z',
      recordedAt: '2026-03-01T15:00:01.000Z',
      actor: { role: 'agent', id: 'agent-1' },
      correlationId: 'c-1',
      causationId: 'c-1',
    };
    const prevHash = 'ab'.repeat(32);
    const expected = createHash('sha256')
      .update(prevHash + canonicalize(fields), 'utf8')
      .digest('hex');
    expect(chainHash(prevHash, fields)).toBe(expected);
  });
});
