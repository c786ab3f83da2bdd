import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { REDIS } from '@cl/redis';
import type { StoredAnswer } from './idempotent-replay';

const ANSWER_TTL_SECONDS = 24 * 60 * 60;
/** How long a request may hold its key before another may take it over (it died). */
const LOCK_TTL_MS = 10_000;
const POLL_MS = 20;

export type Claim = { kind: 'claimed' } | { kind: 'answered'; answer: StoredAnswer };

/**
 * Idempotency records in Redis, so they hold across API processes: the answer (24 h) and
 * an in-flight lock, both under `<prefix>:idempotency:<scope>`.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Takes the key for this request, or waits until the request holding it has answered. */
  async claim(scope: string, bodyHash: string, deadline = Date.now() + LOCK_TTL_MS * 2): Promise<Claim> {
    const answerKey = this.answerKey(scope);
    for (;;) {
      const stored = await this.redis.get(answerKey);
      if (stored) return { kind: 'answered', answer: JSON.parse(stored) as StoredAnswer };
      if ((await this.redis.set(this.lockKey(scope), bodyHash, 'PX', LOCK_TTL_MS, 'NX')) === 'OK') {
        // The holder may have answered between our GET and SET.
        const answered = await this.redis.get(answerKey);
        if (!answered) return { kind: 'claimed' };
        await this.release(scope);
        return { kind: 'answered', answer: JSON.parse(answered) as StoredAnswer };
      }
      if (Date.now() > deadline) {
        throw new ConflictException(
          'An earlier request with this Idempotency-Key is still running; retry later',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async complete(scope: string, answer: StoredAnswer): Promise<void> {
    await this.redis
      .multi()
      .set(this.answerKey(scope), JSON.stringify(answer), 'EX', ANSWER_TTL_SECONDS)
      .del(this.lockKey(scope))
      .exec();
  }

  async release(scope: string): Promise<void> {
    await this.redis.del(this.lockKey(scope));
  }

  private answerKey(scope: string): string {
    return `${this.config.redisPrefix}:idempotency:${scope}:answer`;
  }

  private lockKey(scope: string): string {
    return `${this.config.redisPrefix}:idempotency:${scope}:lock`;
  }
}
