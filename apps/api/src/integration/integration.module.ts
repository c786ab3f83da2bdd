import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { SubscriptionDirectory } from '@cl/integration';
import { REDIS } from '@cl/redis/nest';
import { CommandsModule } from '../commands/commands.module';
import { EventsController } from './events.controller';
import { LiveStreams } from './live-streams';
import { OwnerLock } from './owner-lock';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

/**
 * What other services read: the event feed, the live stream and webhook subscriptions
 * (their delivery is WebhooksModule's, in libs/integration).
 */
@Module({
  imports: [CommandsModule],
  controllers: [EventsController, SubscriptionsController],
  providers: [
    LiveStreams,
    SubscriptionsService,
    {
      provide: SubscriptionDirectory,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new SubscriptionDirectory(store),
    },
    {
      provide: OwnerLock,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) => new OwnerLock(redis, config.redisPrefix),
    },
  ],
  exports: [LiveStreams],
})
export class IntegrationModule {}
