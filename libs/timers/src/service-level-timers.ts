import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { StreamWriter } from '@cl/commands';
import type { ServiceLevels } from '@cl/complaints';
import type { Clock } from '@cl/domain';
import type { EventStore } from '@cl/event-store';
import { TimerHandler, type TimerOutcome } from './timer-handler';
import { TIMERS_QUEUE, type TimerJob } from './timer-job';
import { SENTINEL_JOB_ID, TimerScheduler } from './timer-scheduler';

export interface ServiceLevelTimersOptions {
  store: EventStore;
  /** The timers' queue (openTimersQueue); its owner closes it. */
  queue: Queue<TimerJob>;
  writer: StreamWriter;
  /** For the scheduler's checkpoint. */
  redis: Redis;
  redisUrl: string;
  /** `<REDIS_PREFIX>`: the queue's keys are `<prefix>:bull:timers:*`. */
  keyPrefix: string;
  levels: ServiceLevels;
  callbackMissedHours: number;
  /** Timers acted on at once (default 16). */
  concurrency?: number;
  clock?: Clock;
  /** A timer acted on (for metrics: a `callback-due` is a reminder). */
  onFired?: (outcome: TimerOutcome) => void;
  onError?: (error: unknown) => void;
}

/** The BullMQ queue of the timers, as the dashboard and the metrics see it. */
export function openTimersQueue(redisUrl: string, keyPrefix: string): Queue<TimerJob> {
  return new Queue<TimerJob>(TIMERS_QUEUE, {
    connection: { url: redisUrl, maxRetriesPerRequest: null },
    prefix: `${keyPrefix}:bull`,
  });
}

/**
 * The service-level timers (domain.md, Service levels): a scheduler that keeps one delayed
 * BullMQ job per live deadline, and a BullMQ worker that acts on each when it comes
 * (escalation on breach, call-back reminder, CallbackMissed). Failed jobs are retried with
 * exponential back-off from 1 s and kept with their error when they give up. Several
 * processes may run it at once: jobs are added once by id and each is taken by one worker.
 */
export class ServiceLevelTimers {
  private readonly scheduler: TimerScheduler;
  private worker?: Worker<TimerJob>;
  private stopped = false;

  constructor(private readonly options: ServiceLevelTimersOptions) {
    this.scheduler = new TimerScheduler({
      store: options.store,
      queue: options.queue,
      redis: options.redis,
      keyPrefix: options.keyPrefix,
      callbackMissedHours: options.callbackMissedHours,
      clock: options.clock,
      onError: options.onError,
    });
  }

  start(): void {
    this.scheduler.start();
    // The BullMQ worker starts once Redis answered: a worker that never connected cannot be
    // closed (its close waits for Redis for ever).
    void this.scheduler.ready.then(() => {
      if (!this.stopped) this.startWorker();
    });
  }

  /** Lets running jobs finish; the scheduler stops at once. The queue's owner closes the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    const scheduling = this.scheduler.stop();
    await this.worker?.close();
    await scheduling;
  }

  get startsFromScratch(): number {
    return this.scheduler.startsFromScratch;
  }

  private startWorker(): void {
    const handler = new TimerHandler(this.options.writer, this.options.levels);
    this.worker = new Worker<TimerJob>(
      TIMERS_QUEUE,
      async (job) => {
        if (job.id === SENTINEL_JOB_ID) return undefined;
        const outcome = await handler.handle(job);
        this.options.onFired?.(outcome);
        return outcome;
      },
      {
        connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
        prefix: `${this.options.keyPrefix}:bull`,
        concurrency: this.options.concurrency ?? 16,
        // A job held by a process that died goes to another within ~15 s (BullMQ's defaults,
        // 30 s each, make that up to a minute of a late escalation); a live holder renews its lock.
        lockDuration: 10_000,
        stalledInterval: 5_000,
      },
    );
    this.worker.on('error', (error) => this.options.onError?.(error));
  }
}
