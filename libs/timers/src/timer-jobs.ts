import type { JobsOptions, Queue } from 'bullmq';
import { ATTEMPTS_FOREVER, CAPPED_BACKOFF, type TimerBackoff, type TimerJob } from './timer-job';

/** Completed timers are kept a day, so a replay within it adds none of them again. */
const KEEP_COMPLETED_SECONDS = 24 * 60 * 60;

/**
 * Adds each timer as a delayed BullMQ job, delayed by the time left until its due time at
 * `now` (none when already due). Ids are the timers' (deterministic): a timer whose job is
 * there already is not added twice.
 */
export async function addTimerJobs(
  queue: Queue,
  timers: readonly TimerJob[],
  now: number,
  backoff: TimerBackoff,
): Promise<void> {
  if (timers.length === 0) return;
  await queue.addBulk(
    timers.map((timer) => ({ name: timer.kind, data: timer, opts: jobOptions(timer, now, backoff) })),
  );
}

/** Retried for as long as it fails (the handler decides whether it still acts), backing off up to the cap. */
function jobOptions(timer: TimerJob, now: number, backoff: TimerBackoff): JobsOptions {
  return {
    jobId: timer.id,
    delay: Math.max(0, Date.parse(timer.dueAt) - now),
    attempts: ATTEMPTS_FOREVER,
    backoff: { type: CAPPED_BACKOFF, delay: backoff.firstMs },
    removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
    removeOnFail: false,
  };
}
