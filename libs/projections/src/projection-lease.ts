import type { ChainableCommander, Redis } from 'ioredis';
import { once } from 'node:events';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export type CommitOutcome = 'committed' | 'lost' | 'retry' | 'diverged';

/** A key that must still hold `expected` (null: absent) for a commit to go ahead. */
export interface CommitGuard {
  key: string;
  expected: string | null;
}

/**
 * The right to run one projection, held by one worker at a time: a Redis key holding the
 * worker's id, expiring `ttlMs` after its holder stops renewing it. Writes go through
 * `commit`, which WATCHes the key, so a worker that lost the lease (paused, partitioned)
 * can never write after another took over.
 */
export class ProjectionLease {
  /**
   * @param connection a connection of its own: WATCH state belongs to the connection
   */
  constructor(
    private readonly connection: Redis,
    readonly key: string,
    readonly holder: string,
    readonly ttlMs: number,
  ) {}

  async acquire(): Promise<boolean> {
    await this.connected();
    if ((await this.connection.set(this.key, this.holder, 'PX', this.ttlMs, 'NX')) === 'OK') return true;
    return this.renew();
  }

  async renew(): Promise<boolean> {
    return (await this.connection.eval(RENEW, 1, this.key, this.holder, this.ttlMs)) === 1;
  }

  async release(): Promise<void> {
    await this.connection.eval(RELEASE, 1, this.key, this.holder);
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
   * what was expected (Redis lost it, or a rebuild switched generations).
   */
  async commit(
    guards: CommitGuard[],
    build: (tx: ChainableCommander) => Promise<void>,
  ): Promise<CommitOutcome> {
    const keys = guards.map((guard) => guard.key);
    await this.connection.watch(this.key, ...keys);
    const [holder, ...values] = await this.connection.mget(this.key, ...keys);
    if (holder !== this.holder || values.some((value, index) => value !== guards[index].expected)) {
      await this.connection.unwatch();
      return holder !== this.holder ? 'lost' : 'diverged';
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
    if (results === null) return 'retry';
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
    return 'committed';
  }
}
