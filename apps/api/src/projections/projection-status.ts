import type { EventStore } from '@cl/event-store';
import type { ProjectionRunner } from '@cl/projections';

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
}

/** Where each projection stands, for /health and /metrics. */
export async function projectionStatus(
  store: EventStore,
  runners: ProjectionRunner[],
): Promise<ProjectionStatus[]> {
  const head = await store.headPosition();
  const checkpoints = (await Promise.all(runners.map((runner) => runner.checkpoints()))).flatMap(
    (positions) => [...positions],
  );
  // Projections of one runner mostly share a checkpoint: count each distinct one once.
  const lags = new Map<bigint, Promise<number>>();
  for (const [, position] of checkpoints) {
    if (!lags.has(position)) lags.set(position, store.countEvents(position, head, LAG_COUNT_LIMIT));
  }
  return Promise.all(
    checkpoints.map(async ([name, position]) => ({ name, position, lag: await lags.get(position)! })),
  );
}
