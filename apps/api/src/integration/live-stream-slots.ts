import { HttpException, HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

/** How long a slot outlives its last refresh: a process killed with streams open frees them after this. */
const SLOT_TTL_MS = 30_000;
const REFRESH_MS = 10_000;

/** Drops expired slots, then takes one if fewer than the limit are held. */
const CLAIM = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;
/** Pushes the slot's expiry on (added again if Redis lost it: the stream is still open). */
const REFRESH = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** 429: the actor has SSE_MAX_STREAMS live streams open already. */
export class TooManyLiveStreamsError extends HttpException {
  constructor(limit: number) {
    super(
      `At most ${limit} live streams may be open at once per token (SSE_MAX_STREAMS); close one first`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** One open live stream's place in its actor's count; `release()` when the stream ends. */
export interface LiveStreamSlot {
  release(): void;
}

/**
 * The live streams each actor has open, counted over every API process: a Redis sorted set
 * per actor (`<prefix>:sse:streams:<actorId>`) of stream ids scored by when they expire. An
 * open stream refreshes its score every 10 s; a closed one is removed; one whose process was
 * killed expires 30 s after its last refresh. Claiming is one script: two processes cannot
 * both take the last slot.
 */
export class LiveStreamSlots {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** @throws TooManyLiveStreamsError when the actor holds `limit` slots already */
  async claim(actorId: string): Promise<LiveStreamSlot> {
    const key = `${this.prefix}:sse:streams:${actorId}`;
    const id = randomUUID();
    const now = Date.now();
    const taken = await this.redis.eval(CLAIM, 1, key, now, this.limit, now + SLOT_TTL_MS, id, SLOT_TTL_MS);
    if (taken !== 1) throw new TooManyLiveStreamsError(this.limit);
    const refresh = setInterval(() => {
      this.redis
        .eval(REFRESH, 1, key, Date.now() + SLOT_TTL_MS, id, SLOT_TTL_MS)
        .catch((error: unknown) => this.onError(error));
    }, REFRESH_MS);
    refresh.unref();
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        clearInterval(refresh);
        this.redis.zrem(key, id).catch((error: unknown) => this.onError(error));
      },
    };
  }
}
