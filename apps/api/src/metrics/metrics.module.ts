import { Global, Module } from '@nestjs/common';
import { CorrectiveActionGauges } from './corrective-action-gauges';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { ProjectionGauges } from './projection-gauges';
import { TimerGauges } from './timer-gauges';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, ProjectionGauges, TimerGauges, CorrectiveActionGauges],
  exports: [Metrics],
})
export class MetricsModule {}
