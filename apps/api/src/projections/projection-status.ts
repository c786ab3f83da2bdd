import type { EventStore } from '@cl/event-store';
import type { ProjectionRunner } from '@cl/projections';

export interface ProjectionStatus {
  name: string;
  /** The last event applied. */
  position: bigint;
  /** Events between the store's head and the position (0: caught up). */
  lag: number;
}

/** Where each projection stands, for /health and /metrics. */
export async function projectionStatus(
  store: EventStore,
  runners: ProjectionRunner[],
): Promise<ProjectionStatus[]> {
  const head = await store.headPosition();
  const checkpoints = await Promise.all(runners.map((runner) => runner.checkpoints()));
  return checkpoints.flatMap((positions) =>
    [...positions].map(([name, position]) => ({ name, position, lag: Number(head - position) })),
  );
}
