import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@cl/event-store';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';

/**
 * The API process is killed with SIGKILL while 16 clients record purchases. After a restart
 * on the same data: every acknowledged purchase is there, and retrying every purchase with
 * its Idempotency-Key never records one twice.
 */
describe('API under kill -9', () => {
  const dir = makeTempDir('api-crash');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const env = { DATA_DIR: dir.path, REDIS_PREFIX: prefix, API_KEYS, PORT: '0', ROLE: 'api' };
  afterAll(async () => {
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  async function startApi() {
    const server = new LineCollector(spawnTypeScript('apps/api/src/main.ts', [], env));
    await server.waitFor(() => server.lines.some((line) => line.startsWith('Listening on')));
    const url = /http:\/\/[^ ]+/.exec(server.lines.find((line) => line.startsWith('Listening on'))!)![0];
    return { server, http: httpClient(url) };
  }

  it('keeps every acknowledged purchase and never records a retried one twice', async () => {
    const first = await startApi();
    const orders = Array.from({ length: 16 * 400 }, (_, i) => ({
      customerId: `CU-${i % 16}`,
      orderId: `O-${i}`,
      key: `purchase-O-${i}`,
    }));
    const acknowledged = new Set<string>();
    let killed = false;
    const clients = Array.from({ length: 16 }, async (_, client) => {
      for (let i = client; i < orders.length && !killed; i += 16) {
        const order = orders[i];
        const answer = await first
          .http('POST', `/customers/${order.customerId}/purchases`, {
            body: { orderId: order.orderId, amount: 10, currency: 'EUR' },
            headers: { 'idempotency-key': order.key },
          })
          .catch(() => undefined);
        if (answer?.status === 201) acknowledged.add(order.orderId);
      }
    });
    const killAfter = 100 + Math.floor(Math.random() * 400);
    while (acknowledged.size < killAfter) await new Promise((resolve) => setTimeout(resolve, 5));
    first.server.child.kill('SIGKILL');
    killed = true;
    await first.server.exited();
    await Promise.all(clients);

    const second = await startApi();
    try {
      const attempted = orders.filter((order) => Number(order.orderId.slice(2)) < killAfter + 200);
      for (const order of attempted) {
        const retry = await second.http('POST', `/customers/${order.customerId}/purchases`, {
          body: { orderId: order.orderId, amount: 10, currency: 'EUR' },
          headers: { 'idempotency-key': order.key },
        });
        // 201 (first time, or the stored answer) or 409 (recorded before the crash, answer not stored).
        expect([201, 409]).toContain(retry.status);
        if (acknowledged.has(order.orderId)) expect(retry.status).toBe(201);
      }
    } finally {
      second.server.child.kill('SIGTERM');
      await second.server.exited();
    }

    const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
    try {
      const recorded = new Map<string, number>();
      for (let customer = 0; customer < 16; customer++) {
        for (const event of await store.readStream(`customer-CU-${customer}`)) {
          const orderId = String(event.data.orderId);
          recorded.set(orderId, (recorded.get(orderId) ?? 0) + 1);
        }
      }
      for (const orderId of acknowledged) expect(recorded.get(orderId)).toBe(1);
      expect([...recorded.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
