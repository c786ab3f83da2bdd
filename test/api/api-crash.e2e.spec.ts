import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type EventStore, type RecordedEvent } from '@cl/event-store';
import { API_KEYS, type HttpAnswer } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { openTestStore, STORE_UNDER_TEST } from '../support/test-store';
import { startServiceProcess } from '../support/service-process';

/**
 * The API process is killed with SIGKILL while 16 clients record purchases. After a restart
 * on the same data: every acknowledged purchase is there, and retrying every purchase with
 * its Idempotency-Key never records one twice.
 */
describe('API under kill -9', () => {
  const dir = makeTempDir('api-crash');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  // The keys in flight at the kill stay locked until their lock lapses (IDEMPOTENCY_LOCK_SECONDS
  // after the dead holder's last renewal; 10 s by default): their retries wait for it.
  const env = {
    DATA_DIR: dir.path,
    REDIS_PREFIX: prefix,
    API_KEYS,
    PORT: '0',
    ROLE: 'api',
    IDEMPOTENCY_LOCK_SECONDS: '1',
  };
  afterAll(async () => {
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  async function startApi() {
    return startServiceProcess(env);
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
        // The first time, the stored answer, or (recorded before the crash, answer never
        // stored) the answer rebuilt from the recorded events: always 201.
        expect(retry.status).toBe(201);
      }
    } finally {
      second.server.child.kill('SIGTERM');
      await second.server.exited();
    }

    const store = openTestStore(dir.path);
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

  it('files each keyed complaint exactly once when 48 clients retry every request after a SIGKILL', async () => {
    const first = await startApi();
    const requests = Array.from({ length: 48 * 60 }, (_, i) => ({
      key: `file-${i}`,
      body: {
        customerId: `CU-F${i % 97}`,
        channel: 'web',
        category: 'delivery',
        severity: 'low',
        description: `#${i}`,
      },
    }));
    const answered = new Map<string, HttpAnswer>();
    let lastSent = 0;
    let killed = false;
    const clients = Array.from({ length: 48 }, async (_, client) => {
      for (let i = client; i < requests.length && !killed; i += 48) {
        const { key, body } = requests[i];
        lastSent = Math.max(lastSent, i);
        const answer = await first
          .http('POST', '/complaints', { body, headers: { 'idempotency-key': key } })
          .catch(() => undefined);
        if (answer?.status === 201) answered.set(key, answer);
      }
    });
    const killAfter = 200 + Math.floor(Math.random() * 600);
    while (answered.size < killAfter) await new Promise((resolve) => setTimeout(resolve, 5));
    if (STORE_UNDER_TEST === 'sqlite') {
      // Kill just as a batch commits, when its answers are least likely to be stored yet.
      const reader = new Database(join(dir.path, 'events.db'), { readonly: true });
      const head = reader.prepare<[], { head: number }>('SELECT max(position) AS head FROM events');
      const committed = head.get()!.head;
      while (head.get()!.head === committed) await new Promise((resolve) => setImmediate(resolve));
      reader.close();
    }
    first.server.child.kill('SIGKILL');
    killed = true;
    await first.server.exited();
    await Promise.all(clients);

    const second = await startApi();
    const complaintIds = new Set<string>();
    try {
      // Every request any client sent before the kill (and a few never sent), retried with its key and body.
      const attempted = requests.slice(0, lastSent + 1);
      for (let start = 0; start < attempted.length; start += 48) {
        const retries = await Promise.all(
          attempted
            .slice(start, start + 48)
            .map(({ key, body }) =>
              second.http('POST', '/complaints', { body, headers: { 'idempotency-key': key } }),
            ),
        );
        retries.forEach((retry, index) => {
          const { key } = attempted[start + index];
          expect(retry.status).toBe(201);
          const before = answered.get(key);
          if (before) expect(retry.body).toEqual(before.body);
          complaintIds.add(retry.body.complaintId as string);
        });
      }
      expect(complaintIds.size).toBe(attempted.length);
    } finally {
      second.server.child.kill('SIGTERM');
      await second.server.exited();
    }

    const store = openTestStore(dir.path);
    try {
      const filed = (await readEverything(store)).filter((event) => event.type === 'ComplaintFiled');
      const perComplaint = new Map<string, number>();
      for (const event of filed)
        perComplaint.set(event.streamId, (perComplaint.get(event.streamId) ?? 0) + 1);
      // Each key's complaint exactly once, and no complaint that no key names.
      for (const id of complaintIds) expect(perComplaint.get(`complaint-${id}`)).toBe(1);
      expect(filed).toHaveLength(complaintIds.size);
    } finally {
      await store.close();
    }
  });
});

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll({ maxCount: 5000 }); page.length > 0;) {
    all.push(...page);
    page = await store.readAll({ after: page[page.length - 1].position, maxCount: 5000 });
  }
  return all;
}
