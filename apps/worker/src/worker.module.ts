import { AuditSealerModule } from '@cl/audit';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@cl/config';
import { EventStoreModule, type EventStore } from '@cl/event-store';
import { WebhooksModule } from '@cl/integration';
import { RedisModule } from '@cl/redis';
import { TimersModule } from '@cl/timers';
import { ProjectionsModule, RiskRankingModule } from '@cl/read-models';

/** The background side without HTTP: projections, service-level timers, webhook delivery, the audit sealer. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, store: EventStore): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule.forStore(store),
        RedisModule.forRoot({ url: config.redisUrl, prefix: config.redisPrefix }),
        ProjectionsModule,
        RiskRankingModule,
        TimersModule,
        AuditSealerModule,
        WebhooksModule,
      ],
    };
  }
}
