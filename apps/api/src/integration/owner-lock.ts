import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { DomainError } from '@cl/domain';

const HOLD_MS = 10_000;
const WAIT_MS = 10_000;
const POLL_MS = 25;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * One actor's subscription creations, one at a time over all API processes: a Redis lock per
 * actor (`<prefix>:subscriptions:creating:<actorId>`, SET NX with a 10 s expiry, released by its
 * holder only). Counting the actor's subscriptions and recording a new one happen under it, so
 * two creations at the limit cannot both pass. The expiry only frees the lock of a process
 * that died holding it; a holder paused for longer than that (a creation takes milliseconds)
 * could let one more through: the documented bound of the limit (docs/integration-notes.md).
 */
export class OwnerLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async holding<T>(actorId: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}:subscriptions:creating:${actorId}`;
    const holder = randomUUID();
    const giveUpAt = Date.now() + WAIT_MS;
    while ((await this.redis.set(key, holder, 'PX', HOLD_MS, 'NX')) !== 'OK') {
      if (Date.now() > giveUpAt) {
        throw new DomainError('conflict', 'Another subscription of this actor is being created; try again');
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, key, holder);
    }
  }
}
