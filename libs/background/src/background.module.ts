import { Module, type DynamicModule } from '@nestjs/common';
import { AuditSealerModule } from '@cl/audit/nest';
import { ConfigModule, type AppConfig } from '@cl/config';
import { EarlyWarningModule } from '@cl/early-warning/nest';
import { EventStoreModule } from '@cl/event-store/nest';
import { PersonalDataModule } from '@cl/personal-data/nest';
import type { EventStore } from '@cl/event-store';
import { WebhooksModule } from '@cl/integration/nest';
import { ProjectionsModule, RiskRankingModule } from '@cl/read-models/nest';
import { RedisModule } from '@cl/redis/nest';
import { TimersModule } from '@cl/timers/nest';

/**
 * The background work, without HTTP: projections, the ranking refresher, service-level
 * timers, webhook delivery, the audit sealer and the early-warning reactor. One list for both places it runs: the
 * worker process (ROLE=worker) and the child process of ROLE=all.
 */
@Module({})
export class BackgroundModule {
  static forRoot(config: AppConfig, store: EventStore): DynamicModule {
    return {
      module: BackgroundModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule.forStore(store),
        PersonalDataModule.forDataDir(config.dataDir),
        RedisModule.forRoot({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          commandTimeoutMs: config.redisCommandTimeoutMs,
        }),
        ProjectionsModule,
        RiskRankingModule,
        TimersModule,
        AuditSealerModule,
        WebhooksModule.forRoot(),
        EarlyWarningModule,
      ],
    };
  }
}
