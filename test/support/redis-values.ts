import Redis from 'ioredis';

/**
 * Every key under `prefix:` with its value, whatever its type, as bytes read as latin1: for
 * scanning what a test's Redis holds (e.g. that no clear personal value is left).
 */
export async function redisValuesUnder(url: string, prefix: string): Promise<string> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const parts: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) parts.push(key, latin1(await valueOf(redis, key)));
    } while (cursor !== '0');
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

async function valueOf(redis: Redis, key: string): Promise<unknown> {
  switch (await redis.type(key)) {
    case 'string':
      return redis.getBuffer(key);
    case 'hash':
      return redis.hgetallBuffer(key);
    case 'set':
      return redis.smembersBuffer(key);
    case 'zset':
      return redis.zrangeBuffer(key, '0', '-1', 'WITHSCORES');
    case 'list':
      return redis.lrangeBuffer(key, 0, -1);
    case 'stream':
      return redis.xrangeBuffer(key, '-', '+');
    default:
      return null;
  }
}

/** Any Redis reply as text, its bytes read as latin1 (so raw bytes, e.g. of a key, can be looked for). */
export function latin1(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (Array.isArray(value)) return value.map(latin1).join('\n');
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([key, inner]) => `${key}\n${latin1(inner)}`)
      .join('\n');
  }
  return String(value);
}
