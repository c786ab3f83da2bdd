import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { StreamWriter } from '@cl/commands';
import type { ServiceLevels } from '@cl/complaints';
import { systemClock, type Clock } from '@cl/domain';
import type { EventStore } from '@cl/event-store';
import { TimerHandler, type TimerOutcome } from './timer-handler';
import {
  ATTEMPTS_FOREVER,
  CAPPED_BACKOFF,
  cappedBackoffDelay,
  DEFAULT_TIMER_BACKOFF,
  TIMERS_QUEUE,
  type TimerBackoff,
  type TimerJob,
} from './timer-job';
import { TimerPromoter } from './timer-promoter';
import { SENTINEL_JOB_ID, TimerScheduler, type RecoveryMarks } from './timer-scheduler';

/** How often the due-time index is looked at for the timers whose time to be taken has come. */
const PROMOTE_EVERY_MS = 1000;

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
  /**
   * The scheduler's clock, and the clock a timer's due time is checked against before it acts.
   * Default: the scheduler uses the system clock, and the check Redis's clock (TIME), one
   * clock for every worker, so a worker whose own clock runs ahead never acts early.
   */
  clock?: Clock;
  /** A failing job's back-off (default from 1 s, doubling, capped at 5 min). */
  backoff?: TimerBackoff;
  /** Deadlines due within this become BullMQ jobs; later ones wait in the due-time index (default 5 min). */
  promotionHorizonMs?: number;
  /** How often the due-time index is looked at (default 1 s). */
  promoteEveryMs?: number;
  /** How often failed jobs are looked at again (default 60 s). */
  failedSweepMs?: number;
  /** BullMQ's lock of a running job (default 10 s; a stalled job is taken again after it expires). */
  lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs (default 5 s). */
  stalledIntervalMs?: number;
  /** Marks `timers` while reconciling, for /health (the RecoveryBoard of @cl/redis). */
  recovery?: RecoveryMarks;
  /** The timers reconcile from the first event, and why (for the log). */
  onReconcile?: (reason: string) => void;
  /** A timer acted on (for metrics: a `callback-due` is a reminder). */
  onFired?: (outcome: TimerOutcome) => void;
  onError?: (error: unknown) => void;
}

/**
 * The BullMQ queue of the timers, as the dashboard and the metrics see it. A queue sends no
 * blocking command: its connection takes REDIS_COMMAND_TIMEOUT_MS (a worker's must not).
 */
export function openTimersQueue(
  redisUrl: string,
  keyPrefix: string,
  commandTimeoutMs?: number,
): Queue<TimerJob> {
  return new Queue<TimerJob>(TIMERS_QUEUE, {
    connection: { url: redisUrl, maxRetriesPerRequest: null, commandTimeout: commandTimeoutMs },
    prefix: `${keyPrefix}:bull`,
  });
}

/**
 * The service-level timers (docs/domain.md, Service levels): a scheduler that keeps one timer
 * per live deadline (a delayed BullMQ job when near, else an entry of the due-time index), a
 * promoter that turns index entries into jobs as they come near (dropping those whose
 * complaint has moved on, counting call-back reminders when due), and a BullMQ worker that
 * acts on each job when it comes (escalation on breach, CallbackMissed; a call-back reminder
 * job of an earlier version is counted). A failing job is retried for
 * as long as it fails, backing off from 1 s up to 5 min; a stalled job (its worker died) is
 * taken again however often it stalls; the handler decides whether it still acts. A job that
 * runs before its recorded due time (by the reference clock) is delayed again, untouched.
 * Several processes may run it at once: jobs are added once by id and each is taken by one worker.
 */
export class ServiceLevelTimers {
  private readonly scheduler: TimerScheduler;
  private readonly promoter: TimerPromoter;
  private readonly handler: TimerHandler;
  private readonly backoff: TimerBackoff;
  private early = 0;
  private worker?: Worker<TimerJob>;
  private stopped = false;

  constructor(private readonly options: ServiceLevelTimersOptions) {
    this.backoff = options.backoff ?? DEFAULT_TIMER_BACKOFF;
    this.handler = new TimerHandler(options.writer, options.levels, options.store);
    this.scheduler = new TimerScheduler({
      store: options.store,
      queue: options.queue,
      redis: options.redis,
      keyPrefix: options.keyPrefix,
      callbackMissedHours: options.callbackMissedHours,
      clock: options.clock,
      backoff: this.backoff,
      promotionHorizonMs: options.promotionHorizonMs,
      wouldAct: (timer) => this.handler.wouldAct(timer),
      failedSweepMs: options.failedSweepMs,
      recovery: options.recovery,
      onReconcile: options.onReconcile,
      onError: options.onError,
    });
    this.promoter = new TimerPromoter({
      index: this.scheduler.dueTimes,
      queue: options.queue,
      clock: options.clock ?? systemClock,
      backoff: this.backoff,
      everyMs: options.promoteEveryMs ?? PROMOTE_EVERY_MS,
      wouldAct: (timer) => this.handler.wouldAct(timer),
      onError: options.onError,
    });
  }

  start(): void {
    this.scheduler.start();
    // The BullMQ worker starts once Redis answered: a worker that never connected cannot be
    // closed (its close waits for Redis for ever).
    void this.scheduler.ready.then(() => {
      if (this.stopped) return;
      this.startWorker();
      this.promoter.start();
    });
  }

  /** Lets running jobs finish; the scheduler and the promoter stop at once. The queue's owner closes the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    const scheduling = this.scheduler.stop();
    const promoting = this.promoter.stop();
    await this.worker?.close();
    await Promise.all([scheduling, promoting]);
  }

  get startsFromScratch(): number {
    return this.scheduler.startsFromScratch;
  }

  get jobsRecreated(): number {
    return this.scheduler.jobsRecreated;
  }

  /** Jobs that ran before their due time and were delayed again. */
  get ranEarly(): number {
    return this.early;
  }

  get timerScheduler(): TimerScheduler {
    return this.scheduler;
  }

  /** Now, by the clock due times are checked against (see `clock`). */
  private async referenceNow(): Promise<number> {
    if (this.options.clock) return this.options.clock.now();
    const [seconds, microseconds] = await this.options.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(microseconds) / 1000);
  }

  private async process(job: Job<TimerJob>, token?: string) {
    if (job.id === SENTINEL_JOB_ID) return undefined;
    const left = Date.parse(job.data.dueAt) - (await this.referenceNow());
    if (left > 0) {
      // Run early (a worker whose clock runs ahead promoted it): delayed again by the time
      // left, measured on the reference clock; not an attempt, nothing recorded.
      this.early++;
      await job.moveToDelayed(Date.now() + left, token);
      throw new DelayedError();
    }
    const outcome = await this.handler.handle(job);
    this.options.onFired?.(outcome);
    return outcome;
  }

  private startWorker(): void {
    this.worker = new Worker<TimerJob>(TIMERS_QUEUE, (job, token) => this.process(job, token), {
      connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
      prefix: `${this.options.keyPrefix}:bull`,
      concurrency: this.options.concurrency ?? 16,
      // A job held by a process that died goes to another within ~15 s (BullMQ's defaults,
      // 30 s each, make that up to a minute of a late escalation); a live holder renews its lock.
      lockDuration: this.options.lockDurationMs ?? 10_000,
      stalledInterval: this.options.stalledIntervalMs ?? 5_000,
      // A job that stalls (its worker died holding it) is taken again however often that
      // happens (BullMQ's default fails it for good at the second stall).
      maxStalledCount: ATTEMPTS_FOREVER,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string) =>
          type === CAPPED_BACKOFF ? cappedBackoffDelay(attemptsMade, this.backoff) : 0,
      },
    });
    this.worker.on('error', (error) => this.options.onError?.(error));
  }
}
