import type { Queue } from 'bullmq';
import { ABORTED, sleepUnlessAborted, unlessAborted, type Clock } from '@cl/domain';
import { UnreadableTimerEntryError, type DueTimeIndex } from './due-time-index';
import type { TimerBackoff, TimerJob } from './timer-job';
import { addTimerJobs } from './timer-jobs';

/** Timers taken from the index per round trip. */
const PAGE = 200;

export interface TimerPromoterOptions {
  index: DueTimeIndex;
  queue: Queue;
  clock: Clock;
  backoff: TimerBackoff;
  /** Timers due within this of now are handed to BullMQ. */
  horizonMs: number;
  /** How often the index is looked at. */
  everyMs: number;
  /**
   * Whether a timer fired at its due time would still record something, given its complaint
   * as it is now (TimerHandler.wouldAct); timers that would not are dropped. Reminders
   * (`callback-due`) record nothing and are always handed on. Without it, every timer is.
   */
  wouldAct?: (timer: TimerJob) => Promise<boolean>;
  onError?: (error: unknown) => void;
}

/**
 * Hands the timers of the due-time index to BullMQ as they come within the horizon of their
 * due time, as delayed jobs (docs/timers.md, The due-time index). A timer whose complaint
 * has moved on (resolved before its deadline, its call-back reached) is dropped instead:
 * most never become a job. Jobs are added before their entries are removed, so a crash in
 * between adds them again, which their deterministic ids make a no-op; several promoters
 * may run at once for the same reason.
 */
export class TimerPromoter {
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private handedOn = 0;
  private dropped = 0;

  constructor(private readonly options: TimerPromoterOptions) {}

  /** Timers handed to BullMQ by this promoter. */
  get promoted(): number {
    return this.handedOn;
  }

  /** Timers dropped by this promoter because their complaint had moved on. */
  get droppedAsMovedOn(): number {
    return this.dropped;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Hands on (or drops) every timer now within the horizon. */
  async promoteDue(): Promise<void> {
    const { index, queue, clock, backoff, horizonMs } = this.options;
    for (;;) {
      const now = clock.now();
      const entries = await index.dueBy(now + horizonMs, PAGE);
      if (entries.length === 0) return;
      const timers = entries.flatMap((entry) => ('timer' in entry ? [entry.timer] : []));
      for (const entry of entries)
        if ('unreadable' in entry) this.options.onError?.(new UnreadableTimerEntryError(entry.unreadable));
      const kept = await Promise.all(timers.map((timer) => this.stillFires(timer)));
      const acting = timers.filter((_, at) => kept[at]);
      await addTimerJobs(queue, acting, now, backoff);
      await index.remove(entries.map((entry) => ('timer' in entry ? entry.timer.id : entry.unreadable)));
      this.handedOn += acting.length;
      this.dropped += timers.length - acting.length;
      if (entries.length < PAGE) return;
    }
  }

  private async stillFires(timer: TimerJob): Promise<boolean> {
    if (timer.kind === 'callback-due' || !this.options.wouldAct) return true;
    return this.options.wouldAct(timer);
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        // A call to an unreachable Redis may never end: stopping must not wait for it.
        if ((await unlessAborted(this.promoteDue(), signal)) === ABORTED) return;
      } catch (error) {
        if (signal.aborted) return;
        this.options.onError?.(error);
      }
      await sleepUnlessAborted(this.options.everyMs, signal);
    }
  }
}
