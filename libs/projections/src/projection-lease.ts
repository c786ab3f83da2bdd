import type { ChainableCommander, Redis } from 'ioredis';
import { once } from 'node:events';

// All or nothing: a worker holds every key of its lease, or none.
const ACQUIRE = `for _, key in ipairs(KEYS) do
  local holder = redis.call('get', key)
  if holder and holder ~= ARGV[1] then return 0 end
end
for _, key in ipairs(KEYS) do redis.call('set', key, ARGV[1], 'PX', ARGV[2]) end
return 1`;
const RENEW = `for _, key in ipairs(KEYS) do
  if redis.call('get', key) ~= ARGV[1] then return 0 end
end
for _, key in ipairs(KEYS) do redis.call('pexpire', key, ARGV[2]) end
return 1`;
const RELEASE = `for _, key in ipairs(KEYS) do
  if redis.call('get', key) == ARGV[1] then redis.call('del', key) end
end
return 1`;

export type CommitOutcome =
  /** Per queued command, `errors`: the error it failed with at run time, or null; `replies`: its reply. */
  | { outcome: 'committed'; errors: (Error | null)[]; replies: unknown[] }
  | { outcome: 'lost' | 'retry' | 'diverged' };

/** A key that must still hold `expected` (null: absent) for a commit to go ahead. */
export interface CommitGuard {
  key: string;
  expected: string | null;
}

/**
 * The right to run some projections, held by one worker at a time: one Redis key per
 * projection holding the worker's id, taken all together, expiring `ttlMs` after its holder
 * stops renewing them. Writes go through `commit`, which WATCHes the keys, so a worker that
 * lost the lease (paused, partitioned) can never write after another took over.
 */
export class ProjectionLease {
  private held: string[];

  /**
   * @param connection a connection of its own: WATCH state belongs to the connection
   */
  constructor(
    private readonly connection: Redis,
    keys: readonly string[],
    readonly holder: string,
    readonly ttlMs: number,
  ) {
    this.held = [...keys];
  }

  get keys(): readonly string[] {
    return this.held;
  }

  /** Gives up one key of the lease (e.g. a projection this worker no longer runs). */
  async drop(key: string): Promise<void> {
    this.held = this.held.filter((candidate) => candidate !== key);
    await this.connection.eval(RELEASE, 1, key, this.holder);
  }

  async acquire(): Promise<boolean> {
    if (this.keys.length === 0) return false;
    await this.connected();
    return (
      (await this.connection.eval(ACQUIRE, this.keys.length, ...this.keys, this.holder, this.ttlMs)) === 1
    );
  }

  async renew(): Promise<boolean> {
    if (this.keys.length === 0) return false;
    return (await this.connection.eval(RENEW, this.keys.length, ...this.keys, this.holder, this.ttlMs)) === 1;
  }

  async release(): Promise<void> {
    if (this.keys.length === 0) return;
    await this.connection.eval(RELEASE, this.keys.length, ...this.keys, this.holder);
  }

  /**
   * The same lease (holder, keys) over a connection of its own, for committing beside this
   * one (WATCH state belongs to the connection); it neither acquires, renews nor releases.
   */
  async sibling(): Promise<ProjectionLease> {
    const sibling = new ProjectionLease(this.connection.duplicate(), this.held, this.holder, this.ttlMs);
    await sibling.connected();
    return sibling;
  }

  /** Waits (a second at most) for the connection: it has no offline queue. */
  private async connected(): Promise<void> {
    if (this.connection.status === 'ready') return;
    const giveUp = AbortSignal.timeout(1000);
    await once(this.connection, 'ready', { signal: giveUp }).catch(() => undefined);
  }

  disconnect(): void {
    this.connection.disconnect();
  }

  /**
   * Runs the writes `build` queues as one MULTI/EXEC, only while this worker holds the lease
   * and every guard key still holds its expected value. `retry`: a watched key changed
   * meanwhile (e.g. a renewal): build and commit again. `diverged`: a guard key does not hold
   * what was expected (Redis lost it, or a rebuild switched generations). `committed` may
   * carry errors: EXEC does not roll back a command that failed at run time, the others
   * were applied.
   */
  async commit(
    guards: CommitGuard[],
    build: (tx: ChainableCommander) => Promise<void>,
  ): Promise<CommitOutcome> {
    const guarded = guards.map((guard) => guard.key);
    await this.connection.watch(...this.keys, ...guarded);
    const values = await this.connection.mget(...this.keys, ...guarded);
    const holders = values.slice(0, this.keys.length);
    const lost = holders.some((holder) => holder !== this.holder);
    if (lost || values.slice(this.keys.length).some((value, index) => value !== guards[index].expected)) {
      await this.connection.unwatch();
      return { outcome: lost ? 'lost' : 'diverged' };
    }
    const tx = this.connection.multi();
    try {
      await build(tx);
    } catch (error) {
      tx.discard();
      await this.connection.unwatch();
      throw error;
    }
    const results = await tx.exec();
    if (results === null) return { outcome: 'retry' };
    return {
      outcome: 'committed',
      errors: results.map(([error]) => error),
      replies: results.map(([, reply]) => reply),
    };
  }
}
