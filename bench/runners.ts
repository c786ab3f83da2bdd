import type Redis from 'ioredis';
import type { EventStore } from '@cl/event-store';
import { ProjectionRunner, type Projection } from '@cl/projections';

/**
 * By default one runner for all the projections, as the service runs them (one read of the
 * store and one MULTI per batch serve those that are level); BENCH_RUNNERS=each: one runner
 * per projection (each reads the store and commits on its own), for comparison.
 */
export const RUNNER_LAYOUT: 'shared' | 'each' = process.env.BENCH_RUNNERS === 'each' ? 'each' : 'shared';

/** The projections' runners in RUNNER_LAYOUT, driven together. */
export function benchRunners(
  store: EventStore,
  redis: Redis,
  redisPrefix: string,
  projections: readonly Projection[],
) {
  const groups = RUNNER_LAYOUT === 'shared' ? [projections] : projections.map((projection) => [projection]);
  const runners = groups.map(
    (group) => new ProjectionRunner({ store, redis, redisPrefix, projections: group }),
  );
  return {
    start: () => runners.forEach((runner) => runner.start()),
    stop: () => Promise.all(runners.map((runner) => runner.stop())),
    /** The lowest checkpoint of them all. */
    checkpoint: async () =>
      (await Promise.all(runners.map((runner) => runner.checkpoint()))).reduce((a, b) => (a < b ? a : b)),
  };
}
