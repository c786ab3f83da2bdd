import type { Redis } from 'ioredis';

/** What the service needs to know of a Redis's configuration. */
export interface RedisConfiguration {
  /** maxmemory-policy, from INFO memory. */
  evictionPolicy: string | undefined;
  /** appendonly, from INFO persistence. */
  appendOnly: boolean | undefined;
  /** Save points configured (CONFIG GET save); undefined when CONFIG is not allowed (managed Redis). */
  snapshots: boolean | undefined;
}

/** An evicting Redis: starting on it would silently lose read models and queued timers. */
export class RedisEvictsError extends Error {
  override readonly name = 'RedisEvictsError';
  constructor(readonly policy: string) {
    super(
      `Redis has maxmemory-policy ${policy}: it would evict read models and queued timers without a word. Set maxmemory-policy noeviction (redis-cli CONFIG SET maxmemory-policy noeviction, and in redis.conf), then start again.`,
    );
  }
}

/** One `name:value` line of an INFO answer. */
function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

export async function readRedisSettings(redis: Redis): Promise<RedisConfiguration> {
  const [memory, persistence] = await Promise.all([redis.info('memory'), redis.info('persistence')]);
  const appendOnly = infoField(persistence, 'aof_enabled');
  const save = await (redis.config('GET', 'save') as Promise<string[]>).then(
    (answer) => answer[1],
    () => undefined,
  );
  return {
    evictionPolicy: infoField(memory, 'maxmemory_policy'),
    appendOnly: appendOnly === undefined ? undefined : appendOnly === '1',
    snapshots: save === undefined ? undefined : save.trim() !== '',
  };
}

/**
 * Whether the service may run on this Redis (docs/operations.md, "Operating it"): an evicting policy
 * refuses it; no persistence (neither AOF nor RDB) is a warning: a restart of that Redis loses
 * what the log rebuilds (read models) and what it reconciles (timers), and the stored answers
 * of Idempotency-Keys.
 */
export function judgeRedisSettings(settings: RedisConfiguration): {
  refusal?: RedisEvictsError;
  warnings: string[];
} {
  const policy = settings.evictionPolicy;
  const refusal = policy !== undefined && policy !== 'noeviction' ? new RedisEvictsError(policy) : undefined;
  const warnings: string[] = [];
  if (settings.appendOnly === false && settings.snapshots === false) {
    warnings.push(
      'Redis keeps nothing on disk (appendonly no, no save points): after a Redis restart the read models are rebuilt from the log, timers reconciled and webhooks resumed from their last recorded position, and stored Idempotency-Key answers are gone. Set appendonly yes.',
    );
  } else if (settings.appendOnly === false && settings.snapshots === undefined) {
    warnings.push(
      'Redis has appendonly no, and its save points could not be read (CONFIG is not allowed): make sure it persists its data.',
    );
  }
  return { ...(refusal && { refusal }), warnings };
}

/**
 * Why this Redis refuses writes now, or undefined: its append-only file could not be written
 * (a full disk: Redis answers writes with MISCONF until it can), or its last snapshot failed
 * while it stops writes on that.
 */
export async function redisWriteRefusal(redis: Redis): Promise<string | undefined> {
  const persistence = await redis.info('persistence');
  const field = (name: string) => infoField(persistence, name);
  if (field('aof_enabled') === '1' && field('aof_last_write_status') === 'err') {
    return 'its append-only file cannot be written (a full disk?)';
  }
  if (field('rdb_last_bgsave_status') === 'err') {
    const stops = await (redis.config('GET', 'stop-writes-on-bgsave-error') as Promise<string[]>).then(
      (answer) => answer[1] !== 'no',
      () => true,
    );
    if (stops) return 'its last snapshot failed, and it stops writes until one succeeds (a full disk?)';
  }
  return undefined;
}

/** A command Redis refused because it cannot persist (the reply's error code is MISCONF). */
export function isRedisWriteRefusal(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'ReplyError' && error.message.split(' ', 1)[0] === 'MISCONF'
  );
}
