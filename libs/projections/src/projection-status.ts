import type { EventStore } from '@cl/event-store';
import type { ProjectionRunner, ProjectionState } from './projection-runner';

/**
 * Lag is counted, not subtracted (positions are byte offsets on EventStoreDB), and the count
 * stops here: a lag of LAG_COUNT_LIMIT means "at least that many".
 */
export const LAG_COUNT_LIMIT = 10_000;

export interface ProjectionStatus {
  name: string;
  /** The last event applied. */
  position: bigint;
  /** Events between the position and the store's head (0: caught up), at most LAG_COUNT_LIMIT. */
  lag: number;
  /**
   * `rebuilding` after a batch failed (ProjectionFailure), `failing` while `project()` throws on
   * the event at `failingAt` or the rebuild after a failed batch failed too (each retried with
   * back-off, never given up), `superseded` when a newer version runs it; `error` says why.
   */
  state: ProjectionState;
  error?: string;
  /** `failing`: the event (or failed batch) it stands at, the attempts so far and when the next is due. */
  failingAt?: bigint;
  attempts?: number;
  retryAt?: string;
}

/** Where each projection stands, for /health and /metrics. */
export async function projectionStatus(
  store: EventStore,
  runners: ProjectionRunner[],
): Promise<ProjectionStatus[]> {
  const head = await store.headPosition();
  const perRunner = await Promise.all(
    runners.map(async (runner) => ({
      checkpoints: await runner.checkpoints(),
      states: await runner.states(),
    })),
  );
  // Projections of one runner mostly share a checkpoint: count each distinct one once.
  const lags = new Map<bigint, Promise<number>>();
  for (const { checkpoints } of perRunner) {
    for (const position of checkpoints.values()) {
      if (!lags.has(position)) lags.set(position, store.countEvents(position, head, LAG_COUNT_LIMIT));
    }
  }
  return Promise.all(
    perRunner.flatMap(({ checkpoints, states }) =>
      [...checkpoints].map(async ([name, position]) => {
        const { state, failure, failing } = states.get(name) ?? { state: 'running' as const };
        return {
          name,
          position,
          lag: await lags.get(position)!,
          state,
          ...(failure && { error: failure.error }),
          // A failed rebuild waiting for the next: where its batch failed, and when it is tried again.
          ...(failure &&
            state === 'failing' && {
              failingAt: BigInt(failure.position),
              attempts: failure.attempts,
              ...(failure.retryAt !== undefined && { retryAt: failure.retryAt }),
            }),
          ...(failing && {
            error: failing.error,
            failingAt: BigInt(failing.position),
            attempts: failing.attempts,
            retryAt: failing.retryAt,
          }),
        };
      }),
    ),
  );
}
