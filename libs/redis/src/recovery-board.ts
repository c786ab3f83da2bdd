import type { Redis } from 'ioredis';

/** A part of the service that follows the log from state kept in Redis, and is catching up again. */
export interface Recovery {
  /** e.g. `projection:funnel`, `timers`, `webhooks`, `sealer`. */
  component: string;
  reason: string;
  /** ISO time the recovery began. */
  since: string;
}

/**
 * Where the parts that follow the log say they are recovering (their state in Redis belonged
 * to another history, or was lost), so that /health of any process says `recovering` with the
 * reason until each has caught up. One Redis hash, `<prefix>:recovering`; a Redis that loses
 * it loses the state it describes too, and the parts mark themselves again when they notice.
 */
export class RecoveryBoard {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    redisPrefix: string,
  ) {
    this.key = `${redisPrefix}:recovering`;
  }

  async begin(component: string, reason: string): Promise<void> {
    const recovery: Recovery = { component, reason, since: new Date().toISOString() };
    await this.redis.hset(this.key, component, JSON.stringify(recovery));
  }

  async end(component: string): Promise<void> {
    await this.redis.hdel(this.key, component);
  }

  async list(): Promise<Recovery[]> {
    const entries = await this.redis.hgetall(this.key);
    return Object.values(entries)
      .map((value) => JSON.parse(value) as Recovery)
      .sort((a, b) => a.component.localeCompare(b.component));
  }
}
