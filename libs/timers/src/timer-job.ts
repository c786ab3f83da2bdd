import type { Instant } from '@cl/domain';

export const TIMERS_QUEUE = 'timers';

/**
 * What a timer does when its time comes (docs/domain.md, Service levels):
 * - `sla-deadline`: a handling cycle's resolutionDueAt; escalates the cycle if still open
 *   and not paused (sla_breach);
 * - `ack-deadline`: the acknowledgeDueAt; escalates if still not acknowledged (ack_breach);
 * - `final-response-deadline`: the (extended) finalResponseDueAt; escalates if the final
 *   response is still not given (final_response_breach);
 * - `callback-due`: a resolution's callbackDueAt; a reminder (metrics, GET /complaints?callbackDue=true);
 * - `callback-missed`: a resolution + CALLBACK_MISSED_HOURS; CallbackMissed if no reached call-back.
 */
export type TimerKind =
  'sla-deadline' | 'ack-deadline' | 'final-response-deadline' | 'callback-due' | 'callback-missed';

export interface TimerJob {
  /** Deterministic (kind, complaint, deadline): a replay, a retry or two schedulers add it once. */
  id: string;
  kind: TimerKind;
  complaintId: string;
  dueAt: Instant;
  /** For call-back timers: the resolution they follow. */
  resolvedAt?: Instant;
  /** The event that set the timer: the cause of what it records, and its correlation. */
  causationId: string;
  correlationId: string;
}

/**
 * Whether the timer only tells (the call-back reminder): it records nothing, and is counted in
 * `<prefix>:timers:fired` when it comes due, never a BullMQ job.
 */
export const isReminder = (timer: TimerJob): boolean => timer.kind === 'callback-due';

/**
 * How a failing timer job backs off: from `firstMs`, doubling, never more than `maxMs`
 * between attempts (docs/operations.md: capped at 5 min), for as long as it fails.
 */
export interface TimerBackoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_TIMER_BACKOFF: TimerBackoff = { firstMs: 1000, maxMs: 5 * 60_000 };

/** The BullMQ back-off type of timer jobs; the worker computes it (cappedBackoffDelay). */
export const CAPPED_BACKOFF = 'capped-exponential';

/** As good as for ever: at 5 min apart, thousands of years of attempts. */
export const ATTEMPTS_FOREVER = 2 ** 31 - 1;

/** The wait before the next attempt after `attemptsMade` failed ones. */
export function cappedBackoffDelay(attemptsMade: number, backoff: TimerBackoff): number {
  const doublings = Math.min(Math.max(attemptsMade - 1, 0), 40);
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** doublings);
}
