import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, EventToAppend } from '@cl/event-store';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { eventually, firstArrivals, LOCAL_RECEIVERS, startReceiver } from '../support/webhook-receiver';

/**
 * The delivering process (a worker, ROLE=worker) is killed with SIGKILL in the middle of a
 * burst and started again: every event arrives, in order, and the only duplicates are of the
 * delivery that was in flight (the receiver may have answered it, the worker never recorded it).
 */
describe('webhook delivery across a SIGKILL of the worker', () => {
  it('loses nothing and repeats only what was not acknowledged', async () => {
    const service = await startTestApp({ API_KEYS, ROLE: 'api', ...LOCAL_RECEIVERS });
    const store = service.app.get<EventStore>(EVENT_STORE);
    const http = httpClient(service.url);
    const receiver = await startReceiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return 200;
    });
    const startWorker = () =>
      new LineCollector(
        spawnTypeScript('apps/worker/src/main.ts', [], {
          DATA_DIR: service.config.dataDir,
          REDIS_PREFIX: service.config.redisPrefix,
          API_KEYS,
          ...LOCAL_RECEIVERS,
        }),
      );
    let worker = startWorker();
    try {
      const created = await http('POST', '/subscriptions', {
        token: TOKENS.integrator,
        body: { url: receiver.url, streamPrefix: 'complaint-K-' },
      });
      expect(created.status).toBe(201);
      const burst: EventToAppend[] = Array.from({ length: 400 }, (_, index) => ({
        id: randomUUID(),
        type: 'ComplaintNoted',
        data: { index },
        metadata: {},
      }));
      for (let i = 0; i < 400; i += 50)
        await store.appendToStream(`complaint-K-${i}`, burst.slice(i, i + 50));
      const expected = burst.map((event) => event.id);

      await eventually(() => receiver.acknowledged.length >= 100, 60_000, 'the first 100 deliveries');
      worker.child.kill('SIGKILL');
      await worker.exited();
      const beforeKill = receiver.calls.length;
      expect(beforeKill).toBeLessThan(400); // killed mid-burst

      worker = startWorker();
      await eventually(
        () => new Set(receiver.acknowledged.map((call) => call.id)).size === 400,
        60_000,
        'all 400',
      );
      expect(firstArrivals(receiver.calls)).toEqual(expected);
      // Duplicates: at most the one delivery in flight when the worker died, sent again right after.
      const duplicates = receiver.calls.length - 400;
      expect(duplicates).toBeLessThanOrEqual(1);
      if (duplicates === 1) expect(receiver.calls[beforeKill].id).toBe(receiver.calls[beforeKill - 1].id);
    } finally {
      worker.child.kill('SIGKILL');
      await worker.exited();
      await receiver.close();
      await service.stop();
    }
  });
});
