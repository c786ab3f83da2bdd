import type { Queue } from 'bullmq';
import { ABORTED, sleepUnlessAborted, unlessAborted, type Clock } from '@cl/domain';
import { UnreadableTimerEntryError, type DueTimeIndex } from './due-time-index';
import { isReminder, type TimerBackoff, type TimerJob } from './timer-job';
import { addTimerJobs } from './timer-jobs';

/** Timers taken from the index per round trip. */
const PAGE = 200;

export interface TimerPromoterOptions {
  index: DueTimeIndex;
  queue: Queue;
  clock: Clock;
  backoff: TimerBackoff;
  /** How often the index is looked at. */
  everyMs: number;
  /**
   * Whether a timer fired at its due time would still record something, given its complaint
   * as it is now (TimerHandler.wouldAct); timers that would not are dropped. Without it,
   * every timer is handed on.
   */
  wouldAct?: (timer: TimerJob) => Promise<boolean>;
  onError?: (error: unknown) => void;
}

/**
 * Takes the timers of the due-time index when their time to be taken comes (docs/timers.md,
 * The due-time index): a deadline, the promotion horizon before its due time, is handed to
 * BullMQ as a delayed job, delayed by the time left, unless its complaint has moved on (resolved
 * before its deadline, its call-back reached): then it is dropped, and most deadlines never
 * become a job. A call-back reminder, at its due time, is counted as fired and removed in one
 * transaction: it records nothing, so it never becomes a job either. Jobs are added before
 * their entries are removed, so a crash in between adds them again, which their deterministic
 * ids make a no-op; several promoters may run at once for the same reason.
 */
export class TimerPromoter {
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private handedOn = 0;
  private dropped = 0;
  private counted = 0;

  constructor(private readonly options: TimerPromoterOptions) {}

  /** Timers handed to BullMQ by this promoter. */
  get promoted(): number {
    return this.handedOn;
  }

  /** Timers dropped by this promoter because their complaint had moved on. */
  get droppedAsMovedOn(): number {
    return this.dropped;
  }

  /** Call-back reminders this promoter counted as fired. */
  get remindersCounted(): number {
    return this.counted;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Takes every timer whose time to be taken has come. */
  async promoteDue(): Promise<void> {
    const { index, queue, clock, backoff } = this.options;
    for (;;) {
      const now = clock.now();
      const entries = await index.takenBy(now, PAGE);
      if (entries.length === 0) return;
      const ids: string[] = [];
      const deadlines: TimerJob[] = [];
      let reminders = 0;
      for (const entry of entries) {
        if ('unreadable' in entry) {
          this.options.onError?.(new UnreadableTimerEntryError(entry.unreadable));
          ids.push(entry.unreadable);
        } else {
          ids.push(entry.timer.id);
          if (isReminder(entry.timer)) reminders++;
          else deadlines.push(entry.timer);
        }
      }
      const kept = await Promise.all(deadlines.map((timer) => this.stillActs(timer)));
      const acting = deadlines.filter((_, at) => kept[at]);
      await addTimerJobs(queue, acting, now, backoff);
      await index.remove(ids, reminders);
      this.handedOn += acting.length;
      this.dropped += deadlines.length - acting.length;
      this.counted += reminders;
      if (entries.length < PAGE) return;
    }
  }

  private async stillActs(timer: TimerJob): Promise<boolean> {
    return this.options.wouldAct ? this.options.wouldAct(timer) : true;
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
