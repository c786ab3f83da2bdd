import type { EventStore } from '@cl/event-store';
import type { ProjectionRunner, ProjectionState } from '@cl/projections';

export interface ProjectionStatus {
  name: string;
  /** The last event applied. */
  position: bigint;
  /** Events between the store's head and the position (0: caught up). */
  lag: number;
  /** `rebuilding` or `stopped` after a batch failed (ProjectionFailure); `error` says why. */
  state: ProjectionState;
  error?: string;
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
  return perRunner.flatMap(({ checkpoints, states }) =>
    [...checkpoints].map(([name, position]) => {
      const { state, failure } = states.get(name) ?? { state: 'running' as const };
      return {
        name,
        position,
        lag: Number(head - position),
        state,
        ...(failure && { error: failure.error }),
      };
    }),
  );
}
