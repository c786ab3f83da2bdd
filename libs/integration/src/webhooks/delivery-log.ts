import type { Redis } from 'ioredis';
import { httpResult, type DeliveryOutcome, type TryResult } from './delivery-result';

/** What happened to one event for one subscription, newest first in the log. */
export interface DeliveryRecord {
  eventId: string;
  position: string;
  type: string;
  outcome: DeliveryOutcome;
  attempt: number;
  at: string;
  /** How the try ended (absent on a dead-letter record: nothing was sent). */
  result?: TryResult;
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
  /** The store whose history this state follows; undefined when written before stores had one. */
  storeId?: string;
  /** While failing: every selected event after this position was dead-lettered. */
  deadLetteredFrom?: bigint;
  /** Events delivered or dead-lettered since the progress was last recorded in the subscription's stream. */
  unrecorded: number;
  /** When the progress was last recorded there (ms), 0 when never. */
  recordedAt: number;
  /** Set while delivery resumes from the stream's record after a loss (the reason); see WebhookDelivery. */
  recovering?: string;
}

export const LOG_LENGTH = 1000;

/** Delivery outcomes over all subscriptions and processes (hash: outcome -> count), for /metrics. */
export const webhookOutcomesKey = (prefix: string) => `${prefix}:webhooks:outcomes`;
/** Tries' results over all subscriptions and processes (hash: result -> count), for /metrics. */
export const webhookResultsKey = (prefix: string) => `${prefix}:webhooks:results`;

/**
 * Commits of several subscriptions in one call. KEYS: the outcome counters, the result
 * counters, then each commit's state and log. ARGV: the count, the log length, then per
 * commit: replays, checkpoint, status, attempt, failingSince, nextAttemptAt, deadLetteredFrom
 * ('' for none), unrecorded, recordedAt, outcomes and results (`name=count,...`), the number
 * of records and the records. A commit
 * applies only while its state follows the same replay (a state that vanished, Redis having
 * lost it, follows none). Returns 1 or 0 per commit.
 */
const COMMIT_MANY = `
local applied = {}
local a = 3
for c = 1, tonumber(ARGV[1]) do
  local state, log = KEYS[2 * c + 1], KEYS[2 * c + 2]
  local records = tonumber(ARGV[a + 11])
  if redis.call('HGET', state, 'replays') == ARGV[a] then
    redis.call('HSET', state, 'checkpoint', ARGV[a + 1], 'status', ARGV[a + 2], 'attempt', ARGV[a + 3], 'failingSince', ARGV[a + 4], 'nextAttemptAt', ARGV[a + 5], 'deadLetteredFrom', ARGV[a + 6], 'unrecorded', ARGV[a + 7], 'recordedAt', ARGV[a + 8])
    for i = 1, records do redis.call('LPUSH', log, ARGV[a + 11 + i]) end
    for outcome, n in string.gmatch(ARGV[a + 9], '([^,=]+)=(%d+)') do redis.call('HINCRBY', KEYS[1], outcome, n) end
    for result, n in string.gmatch(ARGV[a + 10], '([^,=]+)=(%d+)') do redis.call('HINCRBY', KEYS[2], result, n) end
    redis.call('LTRIM', log, 0, tonumber(ARGV[2]) - 1)
    applied[c] = 1
  else
    applied[c] = 0
  end
  a = a + 12 + records
end
return applied`;

/** A commit as queued: sent with the others of its turn of the event loop. */
export interface QueuedCommit {
  /** The commit is on Redis's socket (on a connected client; otherwise once answered). */
  written: Promise<void>;
  /** Its answer: false when a replay came in between. */
  applied: Promise<boolean>;
}

interface PendingCommit {
  id: string;
  state: DeliveryState;
  records: DeliveryRecord[];
  resolve: (applied: boolean) => void;
  reject: (error: unknown) => void;
}

type ScriptCall = (numberOfKeys: number, ...args: string[]) => Promise<unknown>;

/** A Lua script as an ioredis command (EVALSHA, falling back to EVAL once per connection). */
function scriptCommand(redis: Redis, name: string, lua: string): ScriptCall {
  const commands = redis as unknown as Record<string, ScriptCall | undefined>;
  if (commands[name] === undefined) redis.defineCommand(name, { lua });
  return (...args) => commands[name]!.call(redis, ...args);
}

/**
 * The delivery state and log of each subscription in Redis. Writes are conditional on the
 * replay count, so a delivery loop that started before a replay cannot move the checkpoint
 * of the replayed sequence. The commits of every subscription queued in one turn of the event
 * loop go to Redis as one script call: one socket write and one answer for all the
 * deliveries acknowledged meanwhile, instead of one each (bench:integration).
 */
export class DeliveryLog {
  /** The commit script, sent by its SHA (ioredis loads it again when Redis forgot it). */
  private readonly commitScript: ScriptCall;
  private queued: PendingCommit[] = [];
  private queuedWritten?: { promise: Promise<void>; resolve: () => void };

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.commitScript = scriptCommand(redis, 'webhookDeliveryCommits', COMMIT_MANY);
  }

  private stateKey(id: string) {
    return `${this.prefix}:webhooks:${id}:state`;
  }

  private logKey(id: string) {
    return `${this.prefix}:webhooks:${id}:log`;
  }

  async state(id: string): Promise<DeliveryState | undefined> {
    const hash = await this.redis.hgetall(this.stateKey(id));
    if (hash.checkpoint === undefined || hash.replays === undefined) return undefined;
    return {
      checkpoint: BigInt(hash.checkpoint),
      replays: Number(hash.replays),
      status: hash.status === 'failing' ? 'failing' : 'active',
      attempt: Number(hash.attempt ?? 0),
      failingSince: Number(hash.failingSince ?? 0),
      nextAttemptAt: Number(hash.nextAttemptAt ?? 0),
      ...(hash.storeId && { storeId: hash.storeId }),
      ...(hash.deadLetteredFrom && { deadLetteredFrom: BigInt(hash.deadLetteredFrom) }),
      unrecorded: Number(hash.unrecorded ?? 0),
      recordedAt: Number(hash.recordedAt ?? 0),
      ...(hash.recovering && { recovering: hash.recovering }),
    };
  }

  /** Starts (or, after a replay, restarts) delivery after `from`, in the history of store `storeId`. */
  async reset(id: string, from: bigint, replays: number, storeId: string): Promise<DeliveryState> {
    return this.write(id, {
      checkpoint: from,
      replays,
      status: 'active',
      attempt: 0,
      failingSince: 0,
      nextAttemptAt: 0,
      storeId,
      unrecorded: 0,
      // The start is the stream's record (the creation or the replay): nothing to record yet.
      recordedAt: Date.now(),
    });
  }

  /**
   * Writes a whole state (a start, a replay, a resumption from the recorded progress). A
   * `recovering` mark already there stays unless the state sets one: a replay during a
   * recovery does not end it, the turn that catches up does (clearRecovering).
   */
  async write(id: string, state: DeliveryState): Promise<DeliveryState> {
    const fields: Record<string, string> = {
      checkpoint: state.checkpoint.toString(),
      replays: String(state.replays),
      status: state.status,
      attempt: String(state.attempt),
      failingSince: String(state.failingSince),
      nextAttemptAt: String(state.nextAttemptAt),
      storeId: state.storeId ?? '',
      deadLetteredFrom: state.deadLetteredFrom?.toString() ?? '',
      unrecorded: String(state.unrecorded),
      recordedAt: String(state.recordedAt),
      ...(state.recovering !== undefined && { recovering: state.recovering }),
    };
    await this.redis.hset(this.stateKey(id), fields);
    return state;
  }

  /** Records which store's history a state written before stores had an identity follows. */
  async stampStoreId(id: string, storeId: string): Promise<void> {
    await this.redis.hset(this.stateKey(id), 'storeId', storeId);
  }

  async clearRecovering(id: string): Promise<void> {
    await this.redis.hdel(this.stateKey(id), 'recovering');
  }

  /** Moves the state and appends records, unless a replay came in between (then false). */
  commit(id: string, state: DeliveryState, records: DeliveryRecord[] = []): Promise<boolean> {
    return this.queue(id, state, records).applied;
  }

  /**
   * Queues a commit, sent with the others of this turn of the event loop (in the check phase,
   * after the I/O callbacks that acknowledged their deliveries).
   */
  queue(id: string, state: DeliveryState, records: DeliveryRecord[] = []): QueuedCommit {
    if (!this.queuedWritten) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.queuedWritten = { promise, resolve };
      setImmediate(() => this.send());
    }
    const applied = new Promise<boolean>((resolve, reject) =>
      this.queued.push({ id, state, records, resolve, reject }),
    );
    return { written: this.queuedWritten.promise, applied };
  }

  private send(): void {
    const commits = this.queued;
    const written = this.queuedWritten!;
    this.queued = [];
    this.queuedWritten = undefined;
    const keys = [webhookOutcomesKey(this.prefix), webhookResultsKey(this.prefix)];
    const args = [String(commits.length), String(LOG_LENGTH)];
    for (const { id, state, records } of commits) {
      keys.push(this.stateKey(id), this.logKey(id));
      args.push(
        String(state.replays),
        state.checkpoint.toString(),
        state.status,
        String(state.attempt),
        String(state.failingSince),
        String(state.nextAttemptAt),
        state.deadLetteredFrom?.toString() ?? '',
        String(state.unrecorded),
        String(state.recordedAt),
        tally(records.map((record) => record.outcome)),
        tally(records.flatMap((record) => record.result ?? [])),
        String(records.length),
        ...records.map((record) => JSON.stringify(record)),
      );
    }
    // On a connected client ioredis writes the command to the socket now; otherwise it waits
    // for the connection, and the commits count as written only once answered.
    const connected = this.redis.status === 'ready';
    const answer = this.commitScript(keys.length, ...keys, ...args) as Promise<number[]>;
    answer.then(
      (applied) => commits.forEach((commit, i) => commit.resolve(applied[i] === 1)),
      (error: unknown) => commits.forEach((commit) => commit.reject(error)),
    );
    if (connected) written.resolve();
    else answer.then(written.resolve, written.resolve);
  }

  async records(id: string, limit = 100): Promise<DeliveryRecord[]> {
    const entries = await this.redis.lrange(this.logKey(id), 0, limit - 1);
    return entries.map((entry) => storedRecord(JSON.parse(entry) as StoredRecord));
  }

  async forget(id: string): Promise<void> {
    await this.redis.del(this.stateKey(id), this.logKey(id));
  }
}

/** `name=count,...` of the names: one HINCRBY per name in the commit script, not one per record. */
function tally(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name}=${count}`).join(',');
}

/** A record as stored: also as written before the log was coarse (statusCode, error texts, durations). */
type StoredRecord = DeliveryRecord & { statusCode?: number; error?: string };

/** The record's fields only, an older record's error text and duration dropped for its coarse result. */
function storedRecord(stored: StoredRecord): DeliveryRecord {
  const { eventId, position, type, outcome, attempt, at } = stored;
  let result = stored.result;
  if (result === undefined && stored.statusCode !== undefined) result = httpResult(stored.statusCode);
  else if (result === undefined && stored.error !== undefined) {
    result = stored.error.startsWith('no answer within') ? 'timeout' : 'connection_failed';
  }
  return { eventId, position, type, outcome, attempt, at, ...(result !== undefined && { result }) };
}
