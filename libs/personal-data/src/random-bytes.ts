import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
/** Empty until the first call fills one. */
let pool = Buffer.alloc(0);
let offset = POOL_BYTES;

/**
 * `n` bytes from the CSPRNG, taken from a pool filled 4 KiB at a time: one randomFillSync per
 * few hundred nonces instead of one per sealed value (a call costs about as much as the AES
 * itself). Every byte is handed out once: a used-up pool is replaced, never refilled, so the
 * bytes handed out (views of it, not copies) stay as they were.
 */
export function randomBytesPooled(n: number): Buffer {
  if (n > POOL_BYTES) return randomFillSync(Buffer.alloc(n));
  if (offset + n > POOL_BYTES) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}
