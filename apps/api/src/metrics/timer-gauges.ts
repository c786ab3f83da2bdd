import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { backgroundAppendsKey } from '@cl/redis';
import { REDIS } from '@cl/redis/nest';
import {
  DELIVERY_OUTCOMES,
  TRY_RESULT_DESCRIPTION,
  webhookOutcomesKey,
  webhookResultsKey,
} from '@cl/integration';
import { WEBHOOKS_QUEUE_HANDLE } from '@cl/integration/nest';
import { DueTimeIndex } from '@cl/timers';
import { TIMERS_QUEUE_HANDLE, timersFiredKey } from '@cl/timers/nest';
import { Metrics } from './metrics';

/** The states of a BullMQ queue that /metrics and /health report. */
export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;

/**
 * Queue depths (timers, webhooks), timers acted on (call-back reminders included), the
 * background work's appends and webhook outcomes, read when /metrics is
 * scraped: from Redis, so every process reports the same whichever one ran the timers.
 */
@Injectable()
export class TimerGauges {
  constructor(
    metrics: Metrics,
    @Inject(TIMERS_QUEUE_HANDLE) queue: Queue,
    @Inject(WEBHOOKS_QUEUE_HANDLE) webhooksQueue: Queue,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    new Gauge({
      name: 'cl_queue_jobs',
      help: 'Jobs in a BullMQ queue, by state',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        for (const each of [queue, webhooksQueue]) {
          const counts = await each.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: each.name, state }, counts[state] ?? 0);
        }
      },
    });
    const dueTimes = new DueTimeIndex(redis, config.redisPrefix);
    new Gauge({
      name: 'cl_timers_due_later',
      help: 'Timers due beyond the promotion horizon (5 min), waiting in the due-time index to become jobs',
      registers: [metrics.registry],
      async collect() {
        this.set(await dueTimes.size());
      },
    });
    const prefix = config.redisPrefix;
    countedInRedis(metrics, redis, {
      name: 'cl_timers_fired_total',
      help: 'Service-level timers acted on, by kind (callback-due: a call-back reminder)',
      label: 'kind',
      key: timersFiredKey(prefix),
    });
    countedInRedis(metrics, redis, {
      name: 'cl_background_events_appended_total',
      help: 'Events appended by the background work (timers, early-warning reactor), by type, across processes',
      label: 'type',
      key: backgroundAppendsKey(prefix),
    });
    countedInRedis(metrics, redis, {
      name: 'cl_webhook_deliveries_total',
      help: `Webhook deliveries by outcome (${DELIVERY_OUTCOMES.join(', ')}; failed: a try that will be retried)`,
      label: 'outcome',
      key: webhookOutcomesKey(prefix),
    });
    countedInRedis(metrics, redis, {
      name: 'cl_webhook_tries_total',
      help: `Webhook tries by result: ${TRY_RESULT_DESCRIPTION}`,
      label: 'result',
      key: webhookResultsKey(prefix),
    });
  }
}

/**
 * A counter whose values are a Redis hash's (field: the label's value), read when /metrics is
 * scraped: counts kept across processes, the same in every process that reports them.
 */
function countedInRedis(
  metrics: Metrics,
  redis: Redis,
  { name, help, label, key }: { name: string; help: string; label: string; key: string },
): Counter {
  return new Counter({
    name,
    help,
    labelNames: [label],
    registers: [metrics.registry],
    async collect() {
      const counts = await redis.hgetall(key);
      this.reset();
      for (const [value, count] of Object.entries(counts)) this.inc({ [label]: value }, Number(count));
    },
  });
}
