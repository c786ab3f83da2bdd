import type { Redis } from 'ioredis';
import type { TimerJob } from './timer-job';
import { timersFiredKey } from './timers-fired';

/** A timer waiting in the index, and when the promoter takes it (ms). */
export interface IndexEntry {
  timer: TimerJob;
  takeAt: number;
}

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
 * The timers kept out of BullMQ until the promoter takes them (docs/timers.md, The due-time
 * index): `<prefix>:timers:due`, a sorted set of timer ids by the instant the promoter takes
 * each (ms), and `<prefix>:timers:due:data`, each id's TimerJob as JSON. An entry costs one
 * ZADD member and one hash field, where a delayed BullMQ job costs a script, a hash, a
 * sorted-set entry and an events-stream entry. Both keys are written and removed together
 * (MULTI). Like the queue, the index holds nothing the log cannot rebuild: the scheduler's
 * reconciliation fills it again.
 */
export class DueTimeIndex {
  readonly dueKey: string;
  readonly dataKey: string;
  private readonly firedKey: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.dueKey = `${keyPrefix}:timers:due`;
    this.dataKey = `${keyPrefix}:timers:due:data`;
    this.firedKey = timersFiredKey(keyPrefix);
  }

  /** Adds the timers (an id there already is written again, as it was: ids are deterministic). */
  async add(entries: readonly IndexEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.redis
      .multi()
      .zadd(this.dueKey, ...entries.flatMap(({ timer, takeAt }) => [takeAt, timer.id]))
      .hset(this.dataKey, ...entries.flatMap(({ timer }) => [timer.id, JSON.stringify(timer)]))
      .exec()
      .then(failOnError);
  }

  /** Up to `limit` timers to take at or before `instant`, earliest first. */
  async takenBy(instant: number, limit: number): Promise<IndexedTimer[]> {
    const ids = await this.redis.zrangebyscore(this.dueKey, '-inf', instant, 'LIMIT', 0, limit);
    if (ids.length === 0) return [];
    const data = await this.redis.hmget(this.dataKey, ...ids);
    return ids.map((id, index) => {
      const timer = parseTimer(data[index]);
      return timer?.id === id ? { timer } : { unreadable: id };
    });
  }

  /**
   * Removes these timers; `reminders` of them were call-back reminders come due, counted as
   * fired (`<prefix>:timers:fired`) in the same transaction, so a reminder counts once
   * whatever crashes.
   */
  async remove(ids: readonly string[], reminders = 0): Promise<void> {
    if (ids.length === 0) return;
    const tx = this.redis
      .multi()
      .zrem(this.dueKey, ...ids)
      .hdel(this.dataKey, ...ids);
    if (reminders > 0) tx.hincrby(this.firedKey, 'callback-due', reminders);
    await tx.exec().then(failOnError);
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
