import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { StreamWriter } from '@cl/commands';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { countBackgroundAppends, RecoveryBoard } from '@cl/redis';
import { REDIS } from '@cl/redis/nest';
import { policyInForce } from '@cl/service-levels';
import { openTimersQueue, ServiceLevelTimers } from '../service-level-timers';
import { timersFiredKey } from '../timers-fired';
import type { TimerOutcome } from '../timer-handler';
import type { TimerJob } from '../timer-job';

/** The timers' BullMQ queue, in every role (dashboard, metrics, health). */
export const TIMERS_QUEUE_HANDLE = Symbol('TIMERS_QUEUE_HANDLE');
/** The running timers: in ROLE=all and ROLE=worker; undefined in ROLE=api. */
export const SERVICE_LEVEL_TIMERS = Symbol('SERVICE_LEVEL_TIMERS');

export { timersFiredKey };

class TimersLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(SERVICE_LEVEL_TIMERS) private readonly timers: ServiceLevelTimers | undefined,
    @Inject(TIMERS_QUEUE_HANDLE) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.timers?.start();
  }

  async onModuleDestroy(): Promise<void> {
    const stopping = this.timers?.stop();
    // Closing the queue also ends a scheduler's call that waits for an unreachable Redis.
    await this.queue.close();
    await stopping;
  }
}

/** The service-level timers (libs/timers) in a Nest application: they run where ROLE is all or worker. */
@Global()
@Module({
  providers: [
    {
      provide: TIMERS_QUEUE_HANDLE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        openTimersQueue(config.redisUrl, config.redisPrefix, config.redisCommandTimeoutMs),
    },
    {
      provide: SERVICE_LEVEL_TIMERS,
      inject: [EVENT_STORE, REDIS, APP_CONFIG, TIMERS_QUEUE_HANDLE, PERSONAL_DATA],
      useFactory: (
        store: EventStore,
        redis: Redis,
        config: AppConfig,
        queue: Queue<TimerJob>,
        personalData: PersonalDataCipher,
      ) => {
        if (config.role === 'api') return undefined;
        const logger = new Logger('Timers');
        return new ServiceLevelTimers({
          store,
          queue,
          writer: new StreamWriter(store, {
            personalData,
            observer: countBackgroundAppends(redis, config.redisPrefix),
          }),
          redis,
          redisUrl: config.redisUrl,
          keyPrefix: config.redisPrefix,
          levels: {
            slaHours: config.slaHours,
            callbackDueHours: config.callbackDueHours,
            ...(config.slaPolicy !== undefined && { policy: policyInForce(config.slaPolicy) }),
          },
          callbackMissedHours: config.callbackMissedHours,
          recovery: new RecoveryBoard(redis, config.redisPrefix),
          onFired: (outcome: TimerOutcome) =>
            void redis.hincrby(timersFiredKey(config.redisPrefix), outcome.kind, 1).catch(() => undefined),
          onReconcile: (reason) => logger.warn(`Reconciling from the first event: ${reason}`),
          onError: (error) => logger.error((error as Error).message),
        });
      },
    },
    TimersLifecycle,
  ],
  exports: [TIMERS_QUEUE_HANDLE, SERVICE_LEVEL_TIMERS],
})
export class TimersModule {}
