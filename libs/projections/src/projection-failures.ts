import type { Redis } from 'ioredis';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection } from './projection';
import { RestartFromCheckpoint } from './projection-errors';
import type { ProjectionLease } from './projection-lease';

/** Back-off of a projection whose `project()` throws: 1 s, doubling, at most 5 min. */
const FAILING_FIRST_DELAY_MS = 1000;
const FAILING_MAX_DELAY_MS = 5 * 60_000;

/** The delay before the `attempts`-th retry of a failing projection. */
export function failingBackOffMs(attempts: number): number {
  return Math.min(FAILING_FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), FAILING_MAX_DELAY_MS);
}

/**
 * `project()` threw on an event (a Redis read error, an event it cannot handle): the
 * projection's checkpoint stays just before that event, which is retried with back-off
 * (FAILING_FIRST_DELAY_MS doubling to FAILING_MAX_DELAY_MS), never skipped.
 */
export interface ProjectionFailing {
  error: string;
  /** The event `project()` threw on. */
  position: string;
  attempts: number;
  /** ISO time of the first failure at this position. */
  since: string;
  /** ISO time of the next attempt. */
  retryAt: string;
}

/**
 * A batch whose command failed at run time (EXEC applies the others, the checkpoint among
 * them): the generation's read model misses writes. The runner rebuilds it from the first
 * event at once; when the rebuild fails too (`attempts` 2 and more), the projection is
 * `failing` and rebuilt again with back-off (failingBackOffMs: 1 s doubling to 5 min), never
 * given up; `npm run projections:rebuild` starts a fresh generation at once.
 */
export interface ProjectionFailure {
  error: string;
  /** The last event of the failed batch. */
  position: string;
  attempts: number;
  /** The read model is being built again from the first event. */
  rebuilding: boolean;
  /** ISO time the next rebuild is due (absent: at once). */
  retryAt?: string;
}

/** Whether the rebuild after a failed batch is due now. */
export function rebuildDue(failure: ProjectionFailure): boolean {
  return failure.attempts < 2 || failure.retryAt === undefined || Date.parse(failure.retryAt) <= Date.now();
}

/** What the failure records read and write of a projection the runner feeds (its Target). */
export interface FailureTarget {
  projection: Projection;
  failureKey: string;
  /** Being rebuilt after this failure: cleared once it has applied the failed batch. */
  failure?: ProjectionFailure;
  failingKey: string;
  /** `project()` threw on the event at its position: retried with back-off. */
  failing?: ProjectionFailing;
}

/**
 * `project()` of the target threw on this event: records it failing there (its checkpoint
 * stays before it), with the delay before the next attempt, which it returns.
 */
export async function recordFailing(
  target: FailureTarget,
  event: RecordedEvent,
  error: unknown,
  lease: ProjectionLease,
  onError?: (error: unknown) => void,
): Promise<number> {
  const position = event.position.toString();
  const previous = target.failing?.position === position ? target.failing : undefined;
  const attempts = (previous?.attempts ?? 0) + 1;
  const delayMs = failingBackOffMs(attempts);
  const now = Date.now();
  const message = error instanceof Error ? error.message : String(error);
  const failing: ProjectionFailing = {
    error: message,
    position,
    attempts,
    since: previous?.since ?? new Date(now).toISOString(),
    retryAt: new Date(now + delayMs).toISOString(),
  };
  let recorded;
  do {
    recorded = await lease.commit([], async (tx) => {
      tx.set(target.failingKey, JSON.stringify(failing));
    });
  } while (recorded.outcome === 'retry');
  if (recorded.outcome === 'lost') {
    throw new RestartFromCheckpoint(`${target.projection.name}: the lease was lost`);
  }
  target.failing = failing;
  onError?.(
    new Error(
      `${target.projection.name}: projecting the event at position ${position} (${event.type}) failed: ${message}; attempt ${attempts}, retried in ${delayMs / 1000} s (never skipped; the other projections go on)`,
    ),
  );
  return delayMs;
}

/**
 * The batch's commands of these projections failed at run time, and their checkpoints moved
 * past it with the rest: their read models miss writes. Records it (a second failure stops
 * the projection), so that the next pass rebuilds them from the first event.
 */
export async function recordFailures(
  redis: Redis,
  failed: FailureTarget[],
  ranges: [number, number][],
  moving: FailureTarget[],
  errors: (Error | null)[],
  checkpoint: string,
  onError?: (error: unknown) => void,
): Promise<void> {
  for (const target of failed) {
    const [start, end] = ranges[moving.indexOf(target)];
    const error = errors.slice(start, end).find((candidate) => candidate !== null)!;
    const attempts = (target.failure?.attempts ?? 0) + 1;
    const delayMs = attempts < 2 ? 0 : failingBackOffMs(attempts - 1);
    const failure: ProjectionFailure = {
      error: error.message,
      position: checkpoint,
      attempts,
      rebuilding: false,
      retryAt: new Date(Date.now() + delayMs).toISOString(),
    };
    onError?.(
      new Error(
        `${target.projection.name}: a command of the batch up to position ${checkpoint} failed (${error.message}); its read model misses writes and is rebuilt from the first event ${delayMs === 0 ? 'at once' : `in ${delayMs / 1000} s (failing)`}`,
      ),
    );
    await redis.set(target.failureKey, JSON.stringify(failure));
  }
}
