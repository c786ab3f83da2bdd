import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { REDIS } from '@cl/redis/nest';
import { checkMark, readStoreIdentity, type EventStore } from '@cl/event-store';
import { EVENT_STORE } from '@cl/event-store/nest';
import { IDEMPOTENCY_WINDOW_MS } from '@cl/commands';
import type { StoredAnswer } from './idempotent-replay';

const ANSWER_TTL_SECONDS = IDEMPOTENCY_WINDOW_MS / 1000;
/** How long a retry waits for the request holding its key before answering 409. */
const MIN_WAIT_MS = 30_000;
/** A holder stops renewing after this long, so a request that never ends cannot hold its key for ever. */
const MAX_HOLD_MS = 5 * 60_000;
const POLL_MS = 20;

/** Renews the lock while its owner holds it: PEXPIRE only if the value is still the owner's. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** Stores the answer and frees the lock, only while the owner still holds it. */
const COMPLETE = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
redis.call('DEL', KEYS[1])
return 1`;
/** Frees the lock, only while the owner still holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** A key claimed by this request: renewed until it completes or releases it. */
export interface HeldKey {
  scope: string;
  owner: string;
  renewal: NodeJS.Timeout;
}

export type Claim = { kind: 'claimed'; key: HeldKey } | { kind: 'answered'; answer: StoredAnswer };

/**
 * Idempotency records in Redis, so they hold across API processes: the answer (24 h) and
 * an in-flight lock, both under `<prefix>:idempotency:<scope>`. The lock's value names its
 * holder; the holder renews it while it works (IDEMPOTENCY_LOCK_SECONDS after its last
 * renewal it lapses: the holder died), and completes or releases it only while it still
 * holds it, so a holder that outlived its lock never overwrites its successor's answer.
 */
@Injectable()
export class IdempotencyStore {
  private readonly lockMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.lockMs = Math.ceil(config.idempotencyLockSeconds * 1000);
  }

  /** Takes the key for this request, or waits until the request holding it has answered. */
  async claim(scope: string): Promise<Claim> {
    const answerKey = this.answerKey(scope);
    const owner = randomUUID();
    const deadline = Date.now() + Math.max(MIN_WAIT_MS, 2 * this.lockMs);
    for (;;) {
      const stored = await this.answerOfThisHistory(answerKey);
      if (stored) return { kind: 'answered', answer: stored };
      if ((await this.redis.set(this.lockKey(scope), owner, 'PX', this.lockMs, 'NX')) === 'OK') {
        const key = this.hold(scope, owner);
        // The holder may have answered between our GET and SET.
        const answered = await this.answerOfThisHistory(answerKey);
        if (!answered) return { kind: 'claimed', key };
        await this.release(key);
        return { kind: 'answered', answer: answered };
      }
      if (Date.now() > deadline) {
        throw new ConflictException(
          'An earlier request with this Idempotency-Key is still running; retry later',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Stores the answer, if the key is still this request's (else its successor answers), with
   * the history it was given in (the store's id and head after the command).
   */
  async complete(key: HeldKey, answer: StoredAnswer): Promise<boolean> {
    clearInterval(key.renewal);
    const identity = await readStoreIdentity(this.store).catch(() => undefined);
    if (!identity) {
      // Not stored: the retry decides again, and finds the events if they were recorded.
      await this.release(key);
      return false;
    }
    answer = { ...answer, storeId: identity.storeId, head: identity.head.toString() };
    const done = await this.redis.eval(
      COMPLETE,
      2,
      this.lockKey(key.scope),
      this.answerKey(key.scope),
      key.owner,
      JSON.stringify(answer),
      ANSWER_TTL_SECONDS,
    );
    return done === 1;
  }

  /** Frees the key without an answer, if it is still this request's. */
  async release(key: HeldKey): Promise<void> {
    clearInterval(key.renewal);
    await this.redis.eval(RELEASE, 1, this.lockKey(key.scope), key.owner);
  }

  /**
   * The stored answer, unless it was given in another history (a restored or replaced store:
   * another storeId, or a head beyond the store's): then its events may not be in the store,
   * and the retry decides again. That is safe: a keyed command's event ids derive from its
   * key, so events that are in the store are found and answered from, never written twice.
   */
  private async answerOfThisHistory(answerKey: string): Promise<StoredAnswer | undefined> {
    const stored = await this.redis.get(answerKey);
    if (!stored) return undefined;
    const answer = JSON.parse(stored) as StoredAnswer;
    const mark = { storeId: answer.storeId, position: BigInt(answer.head ?? 0) };
    return checkMark(mark, await readStoreIdentity(this.store)).follows ? answer : undefined;
  }

  private hold(scope: string, owner: string): HeldKey {
    const lockKey = this.lockKey(scope);
    const since = Date.now();
    const renewal: NodeJS.Timeout = setInterval(
      () => {
        if (Date.now() - since > MAX_HOLD_MS) clearInterval(renewal);
        else this.redis.eval(RENEW, 1, lockKey, owner, this.lockMs).catch(() => undefined);
      },
      Math.max(50, Math.floor(this.lockMs / 3)),
    );
    renewal.unref();
    return { scope, owner, renewal };
  }

  private answerKey(scope: string): string {
    return `${this.config.redisPrefix}:idempotency:${scope}:answer`;
  }

  private lockKey(scope: string): string {
    return `${this.config.redisPrefix}:idempotency:${scope}:lock`;
  }
}
