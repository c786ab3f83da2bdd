import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { RecoveryBoard } from '@cl/redis';
import { REDIS } from '@cl/redis/nest';
import { DeliveryLog } from '../webhooks/delivery-log';
import type { ResolveHost } from '../webhooks/resolve-host';
import { TargetGuard } from '../webhooks/target-guard';
import { SecretBox } from '../webhooks/secret-box';
import { SubscriptionStreams } from '../webhooks/subscription-loader';
import { WebhookDelivery } from '../webhooks/webhook-delivery';
import { openWebhooksQueue, type WebhookJob } from '../webhooks/webhook-queue';

/** The webhooks' BullMQ queue, in every role (the API wakes subscriptions, the dashboard shows it). */
export const WEBHOOKS_QUEUE_HANDLE = Symbol('WEBHOOKS_QUEUE_HANDLE');
/** The running delivery: in ROLE=all and ROLE=worker; undefined in ROLE=api. */
export const WEBHOOK_DELIVERY = Symbol('WEBHOOK_DELIVERY');

class WebhooksLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(WEBHOOK_DELIVERY) private readonly delivery: WebhookDelivery | undefined,
    @Inject(WEBHOOKS_QUEUE_HANDLE) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.delivery?.start().catch((error: unknown) => this.logger.error((error as Error).message));
  }

  async onModuleDestroy(): Promise<void> {
    await this.delivery?.stop();
    await this.queue.close();
  }
}

export interface WebhooksModuleOptions {
  /** How target host names are resolved (default: the system resolver); a test plays DNS rebinding with it. */
  resolveHost?: ResolveHost;
}

/**
 * Webhook subscriptions' secrets, delivery log, target rules and delivery (libs/integration)
 * in a Nest application: imported as `WebhooksModule.forRoot()`.
 */
@Global()
@Module({
  providers: [
    {
      provide: WEBHOOKS_QUEUE_HANDLE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        openWebhooksQueue(config.redisUrl, config.redisPrefix, config.redisCommandTimeoutMs),
    },
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        SecretBox.fromConfig(config.dataDir, config.integration.subscriptionSecretKey),
    },
    {
      provide: DeliveryLog,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) => new DeliveryLog(redis, config.redisPrefix),
    },
    {
      provide: SubscriptionStreams,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new SubscriptionStreams(store),
    },
    {
      provide: WEBHOOK_DELIVERY,
      inject: [EVENT_STORE, REDIS, APP_CONFIG, WEBHOOKS_QUEUE_HANDLE, SecretBox, TargetGuard, PERSONAL_DATA],
      useFactory: (
        store: EventStore,
        redis: Redis,
        config: AppConfig,
        queue: Queue<WebhookJob>,
        secrets: SecretBox,
        targets: TargetGuard,
        personalData: PersonalDataCipher,
      ) => {
        if (config.role === 'api') return undefined;
        const logger = new Logger('Webhooks');
        return new WebhookDelivery({
          store,
          queue,
          redis,
          redisUrl: config.redisUrl,
          keyPrefix: config.redisPrefix,
          secrets,
          personalData,
          targets,
          deadLetterMs: config.integration.webhookDeadLetterHours * 3_600_000,
          checkpoint: config.integration.webhookCheckpoint,
          board: new RecoveryBoard(redis, config.redisPrefix),
          concurrency: config.integration.webhookConcurrency,
          onError: (error) => logger.error((error as Error).message),
        });
      },
    },
    WebhooksLifecycle,
  ],
  exports: [WEBHOOKS_QUEUE_HANDLE, SecretBox, DeliveryLog, SubscriptionStreams, WEBHOOK_DELIVERY],
})
export class WebhooksModule {
  static forRoot(options: WebhooksModuleOptions = {}): DynamicModule {
    return {
      module: WebhooksModule,
      providers: [
        {
          provide: TargetGuard,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            new TargetGuard(config.integration.webhookAllowedNetworks, options.resolveHost),
        },
      ],
      exports: [TargetGuard],
    };
  }
}
