import type Redis from 'ioredis';

/**
 * What a Redis flush does to the service's keys, at one moment: every key under `prefix:` is
 * found first, then deleted in one UNLINK (one command: atomic in Redis). deleteKeysUnder deletes
 * page by page, so a service running meanwhile would see several partial losses, not one.
 */
export async function flushPrefixAtOnce(redis: Redis, prefix: string): Promise<number> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    for (const key of page) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  return keys.size > 0 ? redis.unlink(...keys) : 0;
}
