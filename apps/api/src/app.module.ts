import { AuditSealerModule } from '@cl/audit/nest';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@cl/config';
import { EventStoreModule } from '@cl/event-store/nest';
import { PersonalDataModule } from '@cl/personal-data/nest';
import type { EventStore } from '@cl/event-store';
import { WebhooksModule, type WebhooksModuleOptions } from '@cl/integration/nest';
import { RedisModule } from '@cl/redis/nest';
import { TimersModule } from '@cl/timers/nest';
import { AdminModule } from './admin/admin.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommandsModule } from './commands/commands.module';
import { ConsoleModule } from './console/console.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { CorrectiveActionsModule } from './corrective-actions/corrective-actions.module';
import { CustomersModule } from './customers/customers.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { IntegrationModule } from './integration/integration.module';
import { MetricsModule } from './metrics/metrics.module';
import { EarlyWarningModule } from '@cl/early-warning/nest';
import { ProjectionsModule, RiskRankingModule } from '@cl/read-models/nest';

/** The whole service; which parts run follows config.role. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, store: EventStore, webhooks: WebhooksModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule.forStore(store),
        PersonalDataModule.forDataDir(config.dataDir),
        RedisModule.forRoot({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          commandTimeoutMs: config.redisCommandTimeoutMs,
        }),
        MetricsModule,
        AuthModule,
        IdempotencyModule,
        CommandsModule,
        ProjectionsModule,
        RiskRankingModule,
        TimersModule,
        AuditSealerModule,
        ComplaintsModule,
        CorrectiveActionsModule,
        AuditModule,
        AnalyticsModule,
        EarlyWarningModule,
        CustomersModule,
        HealthModule,
        AdminModule,
        WebhooksModule.forRoot(webhooks),
        IntegrationModule,
        ConsoleModule,
      ],
    };
  }
}
