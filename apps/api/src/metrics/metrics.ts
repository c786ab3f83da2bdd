import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The service's Prometheus metrics, in a registry of its own (one per application). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly commandDuration = new Histogram({
    name: 'cl_command_duration_seconds',
    help: 'Time to handle a command, by command type and outcome',
    labelNames: ['type', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'cl_events_appended_total',
    help: 'Events appended to the event store, by event type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'cl_' });
  }
}
