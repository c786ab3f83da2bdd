import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '@cl/domain';
import { readyBatches, type EventStore } from '@cl/event-store';
import type { TimerJob } from './timer-job';
import { TIMER_SETTING_EVENT_TYPES, timersSetBy } from './timers-set-by';

const MAX_BATCH = 500;
/** How often the scheduler checks that the queue's Redis still has its data. */
const LOSS_CHECK_MS = 1000;
const RETRY_MS = 1000;
/** A job kept in the queue for ever: its absence means the queue's Redis lost its data. */
export const SENTINEL_JOB_ID = 'sentinel';
/** Completed timers are kept a day, so a replay within it adds none of them again. */
const KEEP_COMPLETED_SECONDS = 24 * 60 * 60;

export interface TimerSchedulerOptions {
  store: EventStore;
  queue: Queue;
  redis: Redis;
  /** `<REDIS_PREFIX>`: the checkpoint is `<prefix>:timers:checkpoint`. */
  keyPrefix: string;
  callbackMissedHours: number;
  clock?: Clock;
  onError?: (error: unknown) => void;
}

/**
 * The process manager's scheduling half: follows complaint events in position order from a
 * checkpoint in Redis and keeps BullMQ delayed jobs in step, one per deadline (timersSetBy).
 * Job ids are deterministic, so a replay, a retry or a second scheduler adds each once; the
 * checkpoint moves only after a batch's jobs are added (at-least-once, never past a job).
 *
 * Reconciliation: when the checkpoint or the queue's sentinel job is missing (at start, or
 * noticed while running) the queue's Redis lost its data, and the scheduler starts again
 * from the first event: pending deadlines come back, and those that passed meanwhile fire
 * at once (their handlers record nothing twice).
 */
export class TimerScheduler {
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private fromScratch = 0;
  private markReady: () => void = () => undefined;
  /** Resolves once the scheduler has reached Redis and knows where to start. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(private readonly options: TimerSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get checkpointKey(): string {
    return `${this.options.keyPrefix}:timers:checkpoint`;
  }

  /** How many times it started from the first event (a new deployment, or Redis lost its data). */
  get startsFromScratch(): number {
    return this.fromScratch;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /**
   * Stops at once; resolves when the loop has ended (a call to Redis still under way ends
   * when it answers, or when the queue is closed).
   */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        // A call to an unreachable Redis never ends (BullMQ retries for ever): stopping must not wait for it.
        const start = await unlessAborted(this.startingPoint(), this.abort.signal);
        if (start === ABORTED) return;
        this.markReady();
        await this.follow(start);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.onError?.(error);
        await sleep(RETRY_MS, this.abort.signal);
      }
    }
  }

  /** The checkpoint, or 0 (and the sentinel set again) when the queue's Redis lost its data. */
  private async startingPoint(): Promise<bigint> {
    const { redis, queue } = this.options;
    const [checkpoint, sentinel] = await Promise.all([
      redis.get(this.checkpointKey),
      queue.getJob(SENTINEL_JOB_ID),
    ]);
    if (checkpoint !== null && sentinel) return BigInt(checkpoint);
    this.fromScratch++;
    await queue.add('sentinel', {}, { jobId: SENTINEL_JOB_ID, delay: 2 ** 31 - 1 });
    await redis.set(this.checkpointKey, '0');
    return 0n;
  }

  /** Schedules from `after` until stopped or until the queue's Redis is found to have lost its data. */
  private async follow(after: bigint): Promise<void> {
    const lost = new AbortController();
    const subscription = this.options.store.subscribeToAll({
      after,
      filter: { eventTypes: TIMER_SETTING_EVENT_TYPES },
    });
    const stop = () => subscription.close();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    lost.signal.addEventListener('abort', stop, { once: true });
    const watch = setInterval(() => {
      void unlessAborted(this.dataLost(), lost.signal).then(
        (isLost) => isLost === true && lost.abort(),
        () => undefined,
      );
    }, LOSS_CHECK_MS);
    try {
      for await (const batch of readyBatches(subscription, MAX_BATCH)) {
        const timers = batch.flatMap((event) => timersSetBy(event, this.options.callbackMissedHours));
        if ((await unlessAborted(this.schedule(timers), this.abort.signal)) === ABORTED) break;
        // XX: a checkpoint that vanished (Redis lost its data) is not written again here.
        const moved = await this.options.redis.set(
          this.checkpointKey,
          batch[batch.length - 1].position.toString(),
          'XX',
        );
        if (moved === null) break;
      }
    } finally {
      clearInterval(watch);
      this.abort.signal.removeEventListener('abort', stop);
      subscription.close();
    }
  }

  private async dataLost(): Promise<boolean> {
    const [checkpoint, sentinel] = await Promise.all([
      this.options.redis.exists(this.checkpointKey),
      this.options.queue.getJob(SENTINEL_JOB_ID),
    ]);
    return checkpoint === 0 || !sentinel;
  }

  private async schedule(timers: TimerJob[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now();
    await this.options.queue.addBulk(
      timers.map((timer) => ({
        name: timer.kind,
        data: timer,
        opts: {
          jobId: timer.id,
          delay: Math.max(0, Date.parse(timer.dueAt) - now),
          attempts: 10,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
          removeOnFail: false,
        },
      })),
    );
  }
}

const ABORTED = Symbol('aborted');

/** The promise's value, or ABORTED as soon as the signal aborts (the promise is left to settle alone). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

/** Waits `ms`, or less when the signal aborts; leaves no listener behind. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
