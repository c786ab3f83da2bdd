import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const WEBHOOKS_QUEUE = 'webhooks';

export interface WebhookJob {
  subscriptionId: string;
}

/** One job per subscription at a time: BullMQ refuses a second job with the same id. */
export const webhookJobId = (subscriptionId: string) => `subscription-${subscriptionId}`;

/** Set by whoever wakes a subscription; a turn that caught up looks at it before it ends. */
export const kickedKey = (prefix: string, subscriptionId: string) =>
  `${prefix}:webhooks:${subscriptionId}:kicked`;

/**
 * The webhooks' BullMQ queue (`<prefix>:bull:webhooks:*`), as the delivery, the API and the
 * dashboard see it; its connection takes REDIS_COMMAND_TIMEOUT_MS (a queue sends no blocking command).
 */
export function openWebhooksQueue(
  redisUrl: string,
  keyPrefix: string,
  commandTimeoutMs?: number,
): Queue<WebhookJob> {
  return new Queue<WebhookJob>(WEBHOOKS_QUEUE, {
    connection: { url: redisUrl, maxRetriesPerRequest: null, commandTimeout: commandTimeoutMs },
    prefix: `${keyPrefix}:bull`,
  });
}

/**
 * Wakes subscriptions: marks each kicked, then adds its job (a no-op while it is waiting or
 * running; the running turn sees the mark). A delayed job (waiting to retry) is left delayed
 * unless `promote` (a replay: deliver now).
 */
export async function kickSubscriptions(
  queue: Queue<WebhookJob>,
  redis: Redis,
  prefix: string,
  subscriptionIds: readonly string[],
  promote = false,
): Promise<void> {
  if (subscriptionIds.length === 0) return;
  const marks = redis.pipeline();
  for (const id of subscriptionIds) marks.set(kickedKey(prefix, id), '1');
  await marks.exec();
  await queue.addBulk(
    subscriptionIds.map((subscriptionId) => ({
      name: 'deliver',
      data: { subscriptionId },
      opts: { jobId: webhookJobId(subscriptionId), removeOnComplete: true, removeOnFail: true },
    })),
  );
  if (promote) {
    for (const id of subscriptionIds) {
      const job = await queue.getJob(webhookJobId(id));
      if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
    }
  }
}
