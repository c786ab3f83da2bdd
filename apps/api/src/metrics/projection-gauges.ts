import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { ProjectionRunner } from '@cl/projections';
import { projectionStatus, type ProjectionStatus } from '@cl/projections';
import { PROJECTION_RUNNERS } from '@cl/read-models/nest';
import { Metrics } from './metrics';

const STATE_CODES: Record<ProjectionStatus['state'], number> = {
  running: 0,
  rebuilding: 1,
  // 2 was `stopped`: a failed rebuild is now failing, retried with back-off.
  failing: 3,
  superseded: 4,
};

/** Projection position and lag as gauges, read when /metrics is scraped. */
@Injectable()
export class ProjectionGauges {
  constructor(
    metrics: Metrics,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PROJECTION_RUNNERS) runners: ProjectionRunner[],
  ) {
    const gauge = (name: string, help: string, value: (status: ProjectionStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [metrics.registry],
        async collect() {
          for (const status of await projectionStatus(store, runners)) {
            this.set({ projection: status.name }, value(status));
          }
        },
      });
    gauge('cl_projection_position', 'Global position of the last event a projection applied', (status) =>
      Number(status.position),
    );
    gauge(
      'cl_projection_lag_events',
      'Events between the store head and the projection position',
      (status) => status.lag,
    );
    gauge(
      'cl_projection_failed',
      'A batch of the projection failed: 1 while its read model is rebuilt, 3 while projecting an event or the rebuild after a failed batch fails (retried with back-off), 4 superseded by a newer version, 0 running',
      (status) => STATE_CODES[status.state],
    );
    gauge(
      'cl_projection_failing_position',
      'Global position of the event projecting fails at (retried with back-off, never skipped); 0 when not failing',
      (status) => Number(status.failingAt ?? 0n),
    );
    gauge(
      'cl_projection_failing_attempts',
      'Failed attempts at the event the projection fails at; 0 when not failing',
      (status) => status.attempts ?? 0,
    );
  }
}
