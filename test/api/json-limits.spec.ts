import fc from 'fast-check';
import { holdsNonFiniteNumber, nestsDeeperThan } from '../../apps/api/src/http/json-limits';

/** Depth of a parsed JSON value, recursively: only for the small values made here. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('nestsDeeperThan', () => {
  it('agrees with the depth of the parsed value, for any JSON text and limit', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'large' }), fc.integer({ min: 0, max: 8 }), (text, limit) => {
        expect(nestsDeeperThan(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan('{"a":"[[[{{{"}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\"[[[","b":[]}', 1)).toBe(true);
    expect(nestsDeeperThan('["\\\\",[]]', 1)).toBe(true);
  });

  it('scans 100,000 levels without recursion', () => {
    expect(nestsDeeperThan('['.repeat(100_000) + ']'.repeat(100_000), 32)).toBe(true);
  });
});

describe('holdsNonFiniteNumber', () => {
  it('finds a number JSON.parse turned into Infinity, at any depth', () => {
    expect(holdsNonFiniteNumber(JSON.parse('{"a":[1,{"b":-1e400}]}'))).toBe(true);
    expect(holdsNonFiniteNumber(JSON.parse('1e400'))).toBe(true);
    expect(holdsNonFiniteNumber(JSON.parse('{"a":[1,{"b":1.7976931348623157e308,"c":-0}]}'))).toBe(false);
  });
});
