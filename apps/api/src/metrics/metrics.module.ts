import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { ProjectionGauges } from './projection-gauges';

@Global()
@Module({ controllers: [MetricsController], providers: [Metrics, ProjectionGauges], exports: [Metrics] })
export class MetricsModule {}
