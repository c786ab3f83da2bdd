import type Redis from 'ioredis';

/**
 * Events appended by the background work (the timers, the early-warning reactor), by type,
 * across processes: `<prefix>:background:appended`. The HTTP process counts its own appends
 * in memory; these are appended where no /metrics is served (the ROLE=all child, a worker).
 */
export const backgroundAppendsKey = (prefix: string) => `${prefix}:background:appended`;

/** A StreamWriter observer that counts each appended event in backgroundAppendsKey (best effort). */
export function countBackgroundAppends(
  redis: Redis,
  prefix: string,
): { eventAppended: (type: string) => void } {
  const key = backgroundAppendsKey(prefix);
  return { eventAppended: (type) => void redis.hincrby(key, type, 1).catch(() => undefined) };
}
