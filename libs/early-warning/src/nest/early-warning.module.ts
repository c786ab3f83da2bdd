import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { StreamWriter } from '@cl/commands';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { CustomerRiskQuery } from '@cl/read-models';
import { countBackgroundAppends } from '@cl/redis';
import { REDIS } from '@cl/redis/nest';
import { RiskReactor } from '../risk-reactor';

class RiskReactorLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(RiskReactor) private readonly reactor: RiskReactor | undefined) {}

  onApplicationBootstrap(): void {
    this.reactor?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.reactor?.stop();
  }
}

/**
 * The early-warning reactor in a Nest application: it runs with the background work (ROLE
 * all, in the child process of `npm start`, or worker); undefined in ROLE=api, which serves
 * HTTP only.
 */
@Module({
  providers: [
    {
      provide: RiskReactor,
      inject: [EVENT_STORE, PERSONAL_DATA, CustomerRiskQuery, REDIS, APP_CONFIG],
      useFactory: (
        store: EventStore,
        personalData: PersonalDataCipher,
        risks: CustomerRiskQuery,
        redis: Redis,
        config: AppConfig,
      ) => {
        if (config.role === 'api') return undefined;
        const logger = new Logger('RiskReactor');
        return new RiskReactor({
          writer: new StreamWriter(store, {
            personalData,
            observer: countBackgroundAppends(redis, config.redisPrefix),
          }),
          risks,
          redis,
          redisPrefix: config.redisPrefix,
          sweepSeconds: config.riskSweepSeconds,
          onError: (error) => logger.error((error as Error).message),
        });
      },
    },
    RiskReactorLifecycle,
  ],
  exports: [RiskReactor],
})
export class EarlyWarningModule {}
