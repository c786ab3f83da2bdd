import type { Redis } from 'ioredis';
import type { TimerJob } from './timer-job';

/** A timer of the index, or the id of an entry whose data is missing or unreadable (to drop). */
export type IndexedTimer = { timer: TimerJob } | { unreadable: string };

/** An entry of the index without readable data (written by hand?): dropped, and reported. */
export class UnreadableTimerEntryError extends Error {
  override readonly name = 'UnreadableTimerEntryError';
  constructor(readonly timerId: string) {
    super(`The due-time index holds timer ${timerId} without readable data: dropped`);
  }
}

/**
 * The timers due later than the promotion horizon, kept out of BullMQ until they come near
 * (docs/timers.md, The due-time index): `<prefix>:timers:due`, a sorted set of timer ids by
 * due time (ms), and `<prefix>:timers:due:data`, each id's TimerJob as JSON. An entry costs
 * one ZADD member and one hash field, where a delayed BullMQ job costs a script, a hash, a
 * sorted-set entry and an events-stream entry. Both keys are written and removed together
 * (MULTI). Like the queue, the index holds nothing the log cannot rebuild: the scheduler's
 * reconciliation fills it again.
 */
export class DueTimeIndex {
  readonly dueKey: string;
  readonly dataKey: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.dueKey = `${keyPrefix}:timers:due`;
    this.dataKey = `${keyPrefix}:timers:due:data`;
  }

  /** Adds the timers (an id there already is written again, as it was: ids are deterministic). */
  async add(timers: readonly TimerJob[]): Promise<void> {
    if (timers.length === 0) return;
    await this.redis
      .multi()
      .zadd(this.dueKey, ...timers.flatMap((timer) => [Date.parse(timer.dueAt), timer.id]))
      .hset(this.dataKey, ...timers.flatMap((timer) => [timer.id, JSON.stringify(timer)]))
      .exec()
      .then(failOnError);
  }

  /** Up to `limit` timers due at or before `instant`, earliest first. */
  async dueBy(instant: number, limit: number): Promise<IndexedTimer[]> {
    const ids = await this.redis.zrangebyscore(this.dueKey, '-inf', instant, 'LIMIT', 0, limit);
    if (ids.length === 0) return [];
    const data = await this.redis.hmget(this.dataKey, ...ids);
    return ids.map((id, index) => {
      const timer = parseTimer(data[index]);
      return timer?.id === id ? { timer } : { unreadable: id };
    });
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis
      .multi()
      .zrem(this.dueKey, ...ids)
      .hdel(this.dataKey, ...ids)
      .exec()
      .then(failOnError);
  }

  /** Which of these timers the index holds. */
  async holding(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const scores = await this.redis.zmscore(this.dueKey, ...ids);
    return new Set(ids.filter((_, index) => scores[index] !== null));
  }

  /** How many timers wait in the index. */
  size(): Promise<number> {
    return this.redis.zcard(this.dueKey);
  }
}

function parseTimer(raw: string | null): TimerJob | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<TimerJob>;
    return typeof value.id === 'string' && typeof value.dueAt === 'string' ? (value as TimerJob) : undefined;
  } catch {
    return undefined;
  }
}

function failOnError(replies: [Error | null, unknown][] | null): void {
  for (const [error] of replies ?? []) if (error) throw error;
}
