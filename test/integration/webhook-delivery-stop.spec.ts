import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { openWebhooksQueue, SecretBox, TargetGuard, WebhookDelivery } from '@cl/integration';
import { startPrivateRedis } from '../support/private-redis';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile, openTestStore } from '../support/test-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Webhook delivery stopped while its start still waits on Redis (the service stopped or a
 * test ended right after start): the stop returns at once and nothing of the start is left
 * running. Before, the start went on once Redis answered and started a BullMQ worker after
 * the stop: it wrote the queue's keys after the owner had deleted them, polled Redis for ever
 * and kept the process alive. Redis is slowed for real (CLIENT PAUSE on a server of the
 * test's own), not imitated.
 */
describeSqliteFile('WebhookDelivery stopped while it starts', () => {
  it('starts no worker after the stop, however long Redis kept the start waiting', async () => {
    const redisServer = await startPrivateRedis([]);
    const dir = makeTempDir('webhook-stop');
    const store = openTestStore(dir.path);
    const redis = new Redis(redisServer.url);
    const control = new Redis(redisServer.url);
    const queue = openWebhooksQueue(redisServer.url, 'stop');
    const delivery = new WebhookDelivery({
      store,
      queue,
      redis,
      redisUrl: redisServer.url,
      keyPrefix: 'stop',
      secrets: new SecretBox(randomBytes(32)),
      personalData: { open: async (events) => [...events] },
      targets: new TargetGuard([]),
      deadLetterMs: 3_600_000,
      checkpoint: { every: 100, seconds: 10 },
      concurrency: 2,
    });
    try {
      await queue.waitUntilReady();
      // Writes wait for 1.5 s: the start's setting of the queue's concurrency among them.
      await control.call('CLIENT', 'PAUSE', '1500', 'WRITE');
      const starting = delivery.start();
      await sleep(200);
      const stoppedAt = Date.now();
      await delivery.stop();
      expect(Date.now() - stoppedAt).toBeLessThan(1000);
      await starting;
      // The pause is over, and a worker started after the stop would have run its first check.
      await sleep(2500);
      expect(await control.keys('stop:bull:webhooks:stalled-check')).toEqual([]);
    } finally {
      await queue.close();
      redis.disconnect();
      control.disconnect();
      await store.close();
      await redisServer.stop();
      dir.remove();
    }
  });
});
