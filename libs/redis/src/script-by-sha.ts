import type { ChainableCommander, Redis } from 'ioredis';
import { createHash } from 'node:crypto';

/**
 * A Lua script queued into a MULTI by its SHA (EVALSHA) rather than with its text (EVAL), so
 * that Redis neither receives nor hashes the text at each call (an EVAL in a MULTI is hashed
 * twice: when queued and when run). An EVALSHA of a script Redis does not hold fails inside
 * the EXEC while the MULTI's other commands apply; hence `ensureLoaded`, before each MULTI,
 * which loads it again when Redis forgot it (a restart, SCRIPT FLUSH). Only a SCRIPT FLUSH
 * between the two still fails the script's command: its projection is then rebuilt, as after
 * any command that failed in a batch.
 */
export class ScriptBySha {
  readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Resolves once Redis holds the script (SCRIPT EXISTS; SCRIPT LOAD when it does not). */
  async ensureLoaded(redis: Redis): Promise<void> {
    const [exists] = (await redis.script('EXISTS', this.sha)) as number[];
    if (exists !== 1) await redis.script('LOAD', this.lua);
  }

  queue(tx: ChainableCommander, numberOfKeys: number, ...args: (string | number | Buffer)[]): void {
    tx.evalsha(this.sha, numberOfKeys, ...args);
  }
}
