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
    new Counter({
      name: 'cl_timers_fired_total',
      help: 'Service-level timers acted on, by kind (callback-due: a call-back reminder)',
      labelNames: ['kind'],
      registers: [metrics.registry],
      async collect() {
        const fired = await redis.hgetall(timersFiredKey(config.redisPrefix));
        this.reset();
        for (const [kind, count] of Object.entries(fired)) this.inc({ kind }, Number(count));
      },
    });
    new Counter({
      name: 'cl_background_events_appended_total',
      help: 'Events appended by the background work (timers, early-warning reactor), by type, across processes',
      labelNames: ['type'],
      registers: [metrics.registry],
      async collect() {
        const appended = await redis.hgetall(backgroundAppendsKey(config.redisPrefix));
        this.reset();
        for (const [type, count] of Object.entries(appended)) this.inc({ type }, Number(count));
      },
    });
    new Counter({
      name: 'cl_webhook_deliveries_total',
      help: `Webhook deliveries by outcome (${DELIVERY_OUTCOMES.join(', ')}; failed: a try that will be retried)`,
      labelNames: ['outcome'],
      registers: [metrics.registry],
      async collect() {
        const outcomes = await redis.hgetall(webhookOutcomesKey(config.redisPrefix));
        this.reset();
        for (const [outcome, count] of Object.entries(outcomes)) this.inc({ outcome }, Number(count));
      },
    });
    new Counter({
      name: 'cl_webhook_tries_total',
      help: `Webhook tries by result: ${TRY_RESULT_DESCRIPTION}`,
      labelNames: ['result'],
      registers: [metrics.registry],
      async collect() {
        const results = await redis.hgetall(webhookResultsKey(config.redisPrefix));
        this.reset();
        for (const [result, count] of Object.entries(results)) this.inc({ result }, Number(count));
      },
    });
  }
}
