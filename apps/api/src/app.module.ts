import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@cl/config';
import { EventStoreModule, type EventStore } from '@cl/event-store';
import { RedisModule } from '@cl/redis';
import { HealthModule } from './health/health.module';

/** The whole service; which parts run follows config.role. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, store: EventStore): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule.forStore(store),
        RedisModule.forRoot({ url: config.redisUrl, prefix: config.redisPrefix }),
        HealthModule,
      ],
    };
  }
}
