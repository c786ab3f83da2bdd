import type { JobState, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ABORTED, sleepUnlessAborted, systemClock, unlessAborted, type Clock } from '@cl/domain';
import {
  checkMark,
  eventIdAt,
  readStoreIdentity,
  readyBatches,
  type EventStore,
  type StoreIdentity,
  verifyMark,
} from '@cl/event-store';
import { DueTimeIndex } from './due-time-index';
import { DEFAULT_TIMER_BACKOFF, isReminder, type TimerBackoff, type TimerJob } from './timer-job';
import { addTimerJobs } from './timer-jobs';
import { TIMER_SETTING_EVENT_TYPES, timersSetBy } from './timers-set-by';

const MAX_BATCH = 500;
/** Events examined per page while reconciling (matching or not). */
const SCAN_LIMIT = 5000;
/** How often the scheduler checks that the queue's Redis still has its data, and its checkpoint is this store's. */
const LOSS_CHECK_MS = 1000;
/** How often failed jobs are looked at again (re-created while they would still act). */
const FAILED_SWEEP_MS = 60_000;
const RETRY_MS = 1000;
/** A job kept in the queue for ever: its absence means the queue's Redis lost its data. */
export const SENTINEL_JOB_ID = 'sentinel';
/** Deadlines due within this of now become BullMQ jobs at once; later ones wait in the due-time index. */
export const DEFAULT_PROMOTION_HORIZON_MS = 5 * 60_000;
/** The component the timers mark on the RecoveryBoard while they reconcile. */
export const TIMERS_RECOVERY = 'timers';
/** Job states in which a job will still run: left as they are. */
const PENDING: ReadonlySet<JobState | 'unknown'> = new Set<JobState | 'unknown'>([
  'waiting',
  'delayed',
  'active',
  'prioritized',
  'waiting-children',
]);

/**
 * Where the timers stand (`<prefix>:timers:checkpoint`, JSON): the store whose history they
 * follow, the position scheduled up to, and while reconciling, the head it runs to.
 * `storeId` is undefined for a checkpoint of an earlier version (a bare position).
 */
export interface TimersCheckpoint {
  storeId: string | undefined;
  position: bigint;
  /** The id of the event at `position` (verifyMark); absent at 0 and in earlier versions' checkpoints. */
  eventId?: string;
  reconcileUpTo?: bigint;
}

export function parseTimersCheckpoint(raw: string): TimersCheckpoint | undefined {
  if (/^\d+$/.test(raw)) return { storeId: undefined, position: BigInt(raw) };
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const digits = (field: unknown) => typeof field === 'string' && /^\d+$/.test(field);
    if (typeof value.storeId !== 'string' || !digits(value.position)) return undefined;
    return {
      storeId: value.storeId,
      position: BigInt(value.position as string),
      ...(typeof value.eventId === 'string' && { eventId: value.eventId }),
      ...(digits(value.reconcileUpTo) && { reconcileUpTo: BigInt(value.reconcileUpTo as string) }),
    };
  } catch {
    return undefined;
  }
}

function formatCheckpoint(
  storeId: string,
  position: bigint,
  eventId: string | undefined,
  reconcileUpTo?: bigint,
): string {
  return JSON.stringify({
    storeId,
    position: position.toString(),
    ...(eventId !== undefined && { eventId }),
    ...(reconcileUpTo !== undefined && { reconcileUpTo: reconcileUpTo.toString() }),
  });
}

/**
 * Moves the checkpoint only while it is there and records this store, or no store (a bare
 * position, written by the version before) (KEYS[1]; ARGV: storeId, new value).
 */
const MOVE_CHECKPOINT = `
local value = redis.call('GET', KEYS[1])
if not value then return 0 end
if string.match(value, '^%d+$') then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
local ok, mark = pcall(cjson.decode, value)
if not ok or type(mark) ~= 'table' or mark.storeId ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/**
 * Where the timers say they are reconciling, for /health (`RecoveryBoard` of @cl/redis,
 * given by the Nest module: @cl/timers alone loads no framework).
 */
export interface RecoveryMarks {
  begin(component: string, reason: string): Promise<void>;
  end(component: string): Promise<void>;
}

const NO_MARKS: RecoveryMarks = { begin: async () => undefined, end: async () => undefined };

export interface TimerSchedulerOptions {
  store: EventStore;
  queue: Queue;
  redis: Redis;
  /** `<REDIS_PREFIX>`: the checkpoint is `<prefix>:timers:checkpoint`. */
  keyPrefix: string;
  callbackMissedHours: number;
  clock?: Clock;
  /** The first wait of a failing job (its cap is the worker's). */
  backoff?: TimerBackoff;
  /**
   * Deadlines due within this of now are added to BullMQ at once; later ones go to the
   * due-time index, which TimerPromoter hands on this long before they are due (default 5 min).
   */
  promotionHorizonMs?: number;
  /**
   * Whether a timer fired now would record something (TimerHandler.wouldAct): reconciliation
   * re-creates a job that ran, failed or vanished only then. Without it, only jobs still ahead.
   */
  wouldAct?: (timer: TimerJob) => Promise<boolean>;
  /** How often failed jobs are looked at again (default 60 s). */
  failedSweepMs?: number;
  /** Marks `timers` while reconciling (default: none). */
  recovery?: RecoveryMarks;
  /** The timers reconcile from the first event, and why. */
  onReconcile?: (reason: string) => void;
  onError?: (error: unknown) => void;
}

interface StartingPoint {
  after: bigint;
  /** Reconcile (re-create what failed or vanished) from `after` up to here, then follow. */
  reconcileUpTo?: bigint;
}

/**
 * The process manager's scheduling half: follows complaint events in position order from a
 * checkpoint in Redis and keeps one timer per deadline (timersSetBy): a BullMQ delayed job when
 * due within the promotion horizon, else (and for every call-back reminder) an entry of the
 * due-time index, which TimerPromoter takes as it comes near. Ids are deterministic, so a
 * replay, a retry or a second scheduler adds each once; the checkpoint moves only after a
 * batch's timers are added (at-least-once, never past a timer).
 *
 * Reconciliation: when the checkpoint or the queue's sentinel job is missing (the queue's
 * Redis lost its data), or the checkpoint records another store or a position beyond the
 * head (a restored or replaced store, another deployment on the same prefix), the scheduler
 * goes through the log again from the first event up to the head, and re-creates every job
 * that is not pending (failed, completed, vanished) and would still act: ahead of its due
 * time, or due and its complaint still where the timer left it. Meanwhile the RecoveryBoard
 * marks `timers`. Checked at start, whenever Redis reconnects, and every second. Failed jobs
 * are also looked at every minute and re-created while they would still act.
 */
export class TimerScheduler {
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private readonly board: RecoveryMarks;
  private readonly backoff: TimerBackoff;
  private readonly horizonMs: number;
  /** The deadlines due later than the horizon, and the call-back reminders: out of BullMQ. */
  readonly dueTimes: DueTimeIndex;
  private running?: Promise<void>;
  private storeId?: string;
  private fromScratch = 0;
  private recreated = 0;
  private markReady: () => void = () => undefined;
  /** Resolves once the scheduler has reached Redis and knows where to start. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(private readonly options: TimerSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.board = options.recovery ?? NO_MARKS;
    this.backoff = options.backoff ?? DEFAULT_TIMER_BACKOFF;
    this.horizonMs = options.promotionHorizonMs ?? DEFAULT_PROMOTION_HORIZON_MS;
    this.dueTimes = new DueTimeIndex(options.redis, options.keyPrefix);
  }

  get checkpointKey(): string {
    return `${this.options.keyPrefix}:timers:checkpoint`;
  }

  /** How many times it reconciled from the first event (a new deployment, Redis lost its data, another store). */
  get startsFromScratch(): number {
    return this.fromScratch;
  }

  /** Jobs re-created by reconciliation or the failed-job sweep (failed, completed or vanished, and still to act). */
  get jobsRecreated(): number {
    return this.recreated;
  }

  async checkpoint(): Promise<TimersCheckpoint | undefined> {
    const raw = await this.options.redis.get(this.checkpointKey);
    return raw === null ? undefined : parseTimersCheckpoint(raw);
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
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        // A call to an unreachable Redis never ends (BullMQ retries for ever): stopping must not wait for it.
        const start = await unlessAborted(this.startingPoint(), signal);
        if (start === ABORTED) return;
        this.markReady();
        let after = start.after;
        if (start.reconcileUpTo !== undefined) {
          const reconciled = await unlessAborted(this.reconcile(start.after, start.reconcileUpTo), signal);
          // Stopped, or the checkpoint changed under it: look again where to start.
          if (reconciled !== true) continue;
          after = start.reconcileUpTo;
          await this.board.end(TIMERS_RECOVERY);
        }
        await this.follow(after);
      } catch (error) {
        if (signal.aborted) return;
        this.options.onError?.(error);
        await sleepUnlessAborted(RETRY_MS, signal);
      }
    }
  }

  /**
   * The checkpoint, when it is there with the sentinel and follows this store's history (a
   * checkpoint of an earlier version, a bare position, is stamped with the storeId); else a
   * reconciliation from the first event up to the head, marked on the RecoveryBoard.
   */
  private async startingPoint(): Promise<StartingPoint> {
    const { redis, queue, store } = this.options;
    const [raw, sentinel, identity] = await Promise.all([
      redis.get(this.checkpointKey),
      queue.getJob(SENTINEL_JOB_ID),
      readStoreIdentity(store),
    ]);
    this.storeId = identity.storeId;
    const reason = await reasonToReconcile(raw, sentinel !== undefined, identity, store);
    if (reason === undefined) {
      const mark = parseTimersCheckpoint(raw!)!;
      if (mark.storeId === undefined) {
        const eventId = await eventIdAt(store, mark.position);
        await redis.set(this.checkpointKey, formatCheckpoint(identity.storeId, mark.position, eventId), 'XX');
      }
      // An interrupted reconciliation goes on where it was.
      if (mark.reconcileUpTo !== undefined)
        return { after: mark.position, reconcileUpTo: mark.reconcileUpTo };
      await this.board.end(TIMERS_RECOVERY);
      return { after: mark.position };
    }
    this.fromScratch++;
    this.options.onReconcile?.(reason);
    // An empty store (a first start) has nothing to catch up on.
    if (identity.head > 0n) await this.board.begin(TIMERS_RECOVERY, reason);
    await queue.add('sentinel', {}, { jobId: SENTINEL_JOB_ID, delay: 2 ** 31 - 1 });
    await redis.set(this.checkpointKey, formatCheckpoint(identity.storeId, 0n, undefined, identity.head));
    return { after: 0n, reconcileUpTo: identity.head };
  }

  /**
   * Goes through the timer-setting events in (after, upTo] and re-creates the jobs that are
   * not pending and would still act, moving the checkpoint page by page (a reconciliation cut
   * short goes on from there). False when the checkpoint changed under it.
   */
  private async reconcile(after: bigint, upTo: bigint): Promise<boolean> {
    let position = after;
    while (position < upTo) {
      if (this.abort.signal.aborted) return false;
      const page = await this.options.store.scanAll({
        after: position,
        maxCount: MAX_BATCH,
        filter: { eventTypes: TIMER_SETTING_EVENT_TYPES },
        scanLimit: SCAN_LIMIT,
      });
      const events = page.events.filter((event) => event.position <= upTo);
      await this.reconcileTimers(
        events.flatMap((event) => timersSetBy(event, this.options.callbackMissedHours)),
      );
      // A scan that did not advance reached the head.
      const next = page.examinedUpTo >= upTo || page.examinedUpTo <= position ? upTo : page.examinedUpTo;
      if (next < upTo && !(await this.moveCheckpoint(next, await eventIdAt(this.options.store, next), upTo)))
        return false;
      position = next;
    }
    return this.moveCheckpoint(upTo, await eventIdAt(this.options.store, upTo));
  }

  /** Re-creates each timer whose job is not pending (failed, completed, vanished) and would still act. */
  private async reconcileTimers(timers: TimerJob[]): Promise<void> {
    if (timers.length === 0) return;
    const { queue } = this.options;
    const [states, indexed] = await Promise.all([
      Promise.all(timers.map((timer) => queue.getJobState(timer.id))),
      this.dueTimes.holding(timers.map((timer) => timer.id)),
    ]);
    const now = this.clock.now();
    const again: TimerJob[] = [];
    await Promise.all(
      timers.map(async (timer, index) => {
        const state = states[index];
        if (PENDING.has(state) || indexed.has(timer.id)) return;
        const ahead = Date.parse(timer.dueAt) > now;
        const acts = state === 'unknown' && ahead ? true : await this.wouldAct(timer, ahead);
        if (acts && (state === 'unknown' || (await this.removeFinished(timer)))) again.push(timer);
      }),
    );
    if (again.length === 0) return;
    await this.schedule(again);
    this.recreated += again.length;
  }

  private async wouldAct(timer: TimerJob, ahead: boolean): Promise<boolean> {
    return this.options.wouldAct ? this.options.wouldAct(timer) : ahead;
  }

  /** Removes a failed or completed job, so that its id can be added again; false if it is taken meanwhile. */
  private async removeFinished(timer: TimerJob): Promise<boolean> {
    try {
      await (await this.options.queue.getJob(timer.id))?.remove();
      return true;
    } catch (error) {
      // Taken by a worker meanwhile (locked): it runs.
      this.options.onError?.(error);
      return false;
    }
  }

  /** Failed jobs (from before this version, or failed for good otherwise), re-created while they would still act. */
  private async sweepFailed(): Promise<void> {
    const PAGE = 200;
    const timers: TimerJob[] = [];
    for (let start = 0; ; start += PAGE) {
      const failed = await this.options.queue.getFailed(start, start + PAGE - 1);
      for (const job of failed) if (job && job.id !== SENTINEL_JOB_ID) timers.push(job.data as TimerJob);
      if (failed.length < PAGE) break;
    }
    for (let start = 0; start < timers.length && !this.abort.signal.aborted; start += PAGE) {
      await this.reconcileTimers(timers.slice(start, start + PAGE));
    }
  }

  /** Moves the checkpoint, only while it records this store. */
  private async moveCheckpoint(
    position: bigint,
    eventId: string | undefined,
    reconcileUpTo?: bigint,
  ): Promise<boolean> {
    const moved = await this.options.redis.eval(
      MOVE_CHECKPOINT,
      1,
      this.checkpointKey,
      this.storeId!,
      formatCheckpoint(this.storeId!, position, eventId, reconcileUpTo),
    );
    return moved === 1;
  }

  /**
   * Schedules from `after` until stopped or until the queue's Redis is found to have lost its
   * data, the checkpoint another store's, or Redis reconnected (then it looks again where to start).
   */
  private async follow(after: bigint): Promise<void> {
    const { redis } = this.options;
    // Stopped on the way here (e.g. as a reconciliation ended): its abort event has been and gone.
    if (this.abort.signal.aborted) return;
    const lost = new AbortController();
    const subscription = this.options.store.subscribeToAll({
      after,
      filter: { eventTypes: TIMER_SETTING_EVENT_TYPES },
    });
    const stop = () => subscription.close();
    const reconnected = () => lost.abort();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    lost.signal.addEventListener('abort', stop, { once: true });
    redis.on('ready', reconnected);
    const watch = setInterval(() => {
      void unlessAborted(this.dataLost(), lost.signal).then(
        (isLost) => isLost === true && lost.abort(),
        () => undefined,
      );
    }, LOSS_CHECK_MS);
    let sweeping: Promise<void> | undefined;
    const sweep = () => {
      sweeping ??= this.sweepFailed()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => (sweeping = undefined));
    };
    sweep();
    const sweeper = setInterval(sweep, this.options.failedSweepMs ?? FAILED_SWEEP_MS);
    try {
      for await (const batch of readyBatches(subscription, MAX_BATCH)) {
        const timers = batch.flatMap((event) => timersSetBy(event, this.options.callbackMissedHours));
        if ((await unlessAborted(this.schedule(timers), this.abort.signal)) === ABORTED) break;
        // Not written again when it vanished (Redis lost its data) or records another store.
        const last = batch[batch.length - 1];
        if (!(await this.moveCheckpoint(last.position, last.id))) break;
      }
    } finally {
      clearInterval(watch);
      clearInterval(sweeper);
      redis.off('ready', reconnected);
      this.abort.signal.removeEventListener('abort', stop);
      subscription.close();
      await sweeping;
    }
  }

  private async dataLost(): Promise<boolean> {
    const [raw, sentinel] = await Promise.all([
      this.options.redis.get(this.checkpointKey),
      this.options.queue.getJob(SENTINEL_JOB_ID),
    ]);
    if (raw === null || !sentinel) return true;
    const mark = parseTimersCheckpoint(raw);
    // No storeId: written by the version before (in a rolling deploy), taken as this store's.
    return mark === undefined || (mark.storeId !== undefined && mark.storeId !== this.storeId);
  }

  /**
   * Adds the deadlines due within the horizon to BullMQ, and the later ones to the due-time
   * index, taken the horizon before they are due; call-back reminders to the index, taken when
   * they are due.
   */
  private async schedule(timers: TimerJob[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now();
    const asJob = (timer: TimerJob) => !isReminder(timer) && Date.parse(timer.dueAt) - now <= this.horizonMs;
    const later = timers.filter((timer) => !asJob(timer));
    await Promise.all([
      addTimerJobs(this.options.queue, timers.filter(asJob), now, this.backoff),
      this.dueTimes.add(
        later.map((timer) => ({
          timer,
          takeAt: Date.parse(timer.dueAt) - (isReminder(timer) ? 0 : this.horizonMs),
        })),
      ),
    ]);
  }
}

/** Why the timers must reconcile from the first event, or undefined when the checkpoint follows this store. */
async function reasonToReconcile(
  raw: string | null,
  sentinel: boolean,
  identity: StoreIdentity,
  store: Pick<EventStore, 'readAll'>,
): Promise<string | undefined> {
  if (raw === null) return 'the timers checkpoint is missing (Redis lost its data, or a first start)';
  if (!sentinel) return "the timers queue's sentinel job is missing (the queue's Redis lost its data)";
  const mark = parseTimersCheckpoint(raw);
  if (!mark) return `the timers checkpoint is unreadable: ${raw.slice(0, 100)}`;
  const reached =
    mark.reconcileUpTo !== undefined && mark.reconcileUpTo > mark.position
      ? mark.reconcileUpTo
      : mark.position;
  const beyond = checkMark({ storeId: mark.storeId, position: reached }, identity);
  if (!beyond.follows) return `the timers checkpoint was ${beyond.reason}`;
  const verdict = await verifyMark(mark, identity, store);
  return verdict.follows ? undefined : `the timers checkpoint was ${verdict.reason}`;
}
