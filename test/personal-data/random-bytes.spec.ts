import { randomBytesPooled } from '@cl/personal-data/random-bytes';

describe('randomBytesPooled', () => {
  it('hands every byte out once, and bytes handed out stay as they were once the pool is used up', () => {
    // 12-byte nonces: a 4 KiB pool lasts 341 of them; 2,000 use up several pools.
    const handedOut = Array.from({ length: 2000 }, () => randomBytesPooled(12));
    const asHandedOut = handedOut.map((bytes) => bytes.toString('hex'));
    for (let i = 0; i < 2000; i++) randomBytesPooled(12);
    expect(handedOut.map((bytes) => bytes.toString('hex'))).toEqual(asHandedOut);
    expect(new Set(asHandedOut).size).toBe(2000);
    expect(handedOut.every((bytes) => bytes.length === 12)).toBe(true);
  });

  it('gives a request larger than the pool bytes of its own', () => {
    const large = randomBytesPooled(5000);
    expect(large.length).toBe(5000);
    expect(new Set(large).size).toBeGreaterThan(200);
  });
});
