import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { CorrectiveActionsQuery } from '@cl/read-models';
import { Metrics } from './metrics';

/** Open corrective actions past their dueAt, read when /metrics is scraped (one ZCOUNT). */
@Injectable()
export class CorrectiveActionGauges {
  constructor(metrics: Metrics, actions: CorrectiveActionsQuery) {
    new Gauge({
      name: 'cl_corrective_actions_overdue',
      help: 'Open corrective actions past their dueAt',
      registers: [metrics.registry],
      async collect() {
        this.set(await actions.overdueCount());
      },
    });
  }
}
