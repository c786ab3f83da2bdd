import type { Redis } from 'ioredis';

/** What happened to one event for one subscription, newest first in the log. */
export interface DeliveryRecord {
  eventId: string;
  position: string;
  type: string;
  outcome: 'delivered' | 'failed' | 'dead_lettered';
  attempt: number;
  at: string;
  statusCode?: number;
  error?: string;
  durationMs?: number;
}

/** Where a subscription's delivery stands (Redis hash `<prefix>:webhooks:<id>:state`). */
export interface DeliveryState {
  /** Every event up to here was delivered, dead-lettered or not selected. */
  checkpoint: bigint;
  /** The subscription's replay count this state follows; a new replay starts it again. */
  replays: number;
  status: 'active' | 'failing';
  /** Failed tries of the event at checkpoint's successor since the last success. */
  attempt: number;
  /** First failure since the last success (ms), 0 when none. */
  failingSince: number;
  nextAttemptAt: number;
}

export const LOG_LENGTH = 1000;

/** Delivery outcomes over all subscriptions and processes (hash: outcome -> count), for /metrics. */
export const webhookOutcomesKey = (prefix: string) => `${prefix}:webhooks:outcomes`;

const COMMIT = `
if redis.call('HGET', KEYS[1], 'replays') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'checkpoint', ARGV[2], 'status', ARGV[3], 'attempt', ARGV[4], 'failingSince', ARGV[5], 'nextAttemptAt', ARGV[6])
for i = 9, #ARGV do redis.call('LPUSH', KEYS[2], ARGV[i]) end
for outcome in string.gmatch(ARGV[8], '[^,]+') do redis.call('HINCRBY', KEYS[3], outcome, 1) end
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[7]) - 1)
return 1`;

type ScriptCall = (...args: string[]) => Promise<unknown>;

/** A Lua script as an ioredis command (EVALSHA, falling back to EVAL once per connection). */
function scriptCommand(redis: Redis, name: string, lua: string, numberOfKeys: number): ScriptCall {
  const commands = redis as unknown as Record<string, ScriptCall | undefined>;
  if (commands[name] === undefined) redis.defineCommand(name, { lua, numberOfKeys });
  return (...args) => commands[name]!.call(redis, ...args);
}

/**
 * The delivery state and log of one subscription in Redis. Writes are conditional on the
 * replay count, so a delivery loop that started before a replay cannot move the checkpoint
 * of the replayed sequence.
 */
export class DeliveryLog {
  /** The commit script, sent by its SHA (ioredis loads it again when Redis forgot it). */
  private readonly commitScript: ScriptCall;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.commitScript = scriptCommand(redis, 'webhookDeliveryCommit', COMMIT, 3);
  }

  private stateKey(id: string) {
    return `${this.prefix}:webhooks:${id}:state`;
  }

  private logKey(id: string) {
    return `${this.prefix}:webhooks:${id}:log`;
  }

  /** Commands are written to Redis as they are issued (not queued for a reconnection). */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async state(id: string): Promise<DeliveryState | undefined> {
    const hash = await this.redis.hgetall(this.stateKey(id));
    if (hash.checkpoint === undefined) return undefined;
    return {
      checkpoint: BigInt(hash.checkpoint),
      replays: Number(hash.replays),
      status: hash.status === 'failing' ? 'failing' : 'active',
      attempt: Number(hash.attempt ?? 0),
      failingSince: Number(hash.failingSince ?? 0),
      nextAttemptAt: Number(hash.nextAttemptAt ?? 0),
    };
  }

  /** Starts (or, after a replay, restarts) delivery after `from`. */
  async reset(id: string, from: bigint, replays: number): Promise<DeliveryState> {
    const state: DeliveryState = {
      checkpoint: from,
      replays,
      status: 'active',
      attempt: 0,
      failingSince: 0,
      nextAttemptAt: 0,
    };
    await this.redis.hset(this.stateKey(id), { ...state, checkpoint: from.toString() });
    return state;
  }

  /** Moves the state and appends records, unless a replay came in between (then false). */
  async commit(id: string, state: DeliveryState, records: DeliveryRecord[] = []): Promise<boolean> {
    const args = [
      this.stateKey(id),
      this.logKey(id),
      webhookOutcomesKey(this.prefix),
      String(state.replays),
      state.checkpoint.toString(),
      state.status,
      String(state.attempt),
      String(state.failingSince),
      String(state.nextAttemptAt),
      String(LOG_LENGTH),
      records.map((record) => record.outcome).join(','),
      ...records.map((record) => JSON.stringify(record)),
    ];
    return (await this.commitScript(...args)) === 1;
  }

  async records(id: string, limit = 100): Promise<DeliveryRecord[]> {
    const entries = await this.redis.lrange(this.logKey(id), 0, limit - 1);
    return entries.map((entry) => JSON.parse(entry) as DeliveryRecord);
  }

  async forget(id: string): Promise<void> {
    await this.redis.del(this.stateKey(id), this.logKey(id));
  }
}
