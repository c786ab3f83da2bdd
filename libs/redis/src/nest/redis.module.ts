import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisSettingsCheck } from './redis-settings-check';
import { REDIS } from './redis-token';

export { REDIS };

export interface RedisSettings {
  url: string;
  /** Every key the service writes starts with `<prefix>:`. */
  prefix: string;
  /** REDIS_COMMAND_TIMEOUT_MS: a command with no answer by then fails (nothing waits for ever). */
  commandTimeoutMs: number;
}

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    // QUIT would wait in the offline queue forever when Redis is unreachable.
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Provides one shared ioredis connection as REDIS and closes it on shutdown. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(settings: RedisSettings): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(settings.url, {
              maxRetriesPerRequest: 3,
              enableOfflineQueue: true,
              commandTimeout: settings.commandTimeoutMs,
            }),
        },
        RedisCloser,
        RedisSettingsCheck,
      ],
      exports: [REDIS, RedisSettingsCheck],
    };
  }
}
