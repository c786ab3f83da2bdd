import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { API_KEYS, TOKENS, type HttpAnswer } from '../support/http-client';
import { startServiceProcess, stopService } from '../support/service-process';
import { deleteRedisKeys } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';
import { eventually, LOCAL_RECEIVERS, startReceiver } from '../support/webhook-receiver';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * An operator puts back an older copy of the store while Redis keeps the state of the newer
 * history (docs/operations.md, "State outside the log follows the log"). The service as `npm start`
 * runs it (HTTP in one process, projections, timers and webhooks in its child) must notice,
 * say `recovering`, and end up with read models, timers and deliveries of the restored history
 * plus what came after: none of the lost events, none of the new ones skipped.
 */
describeSqliteFile('a store restored from an older copy under the same Redis', () => {
  const dir = makeTempDir('restored');
  const storePath = join(dir.path, 'events.db');
  const copyPath = join(dir.path, 'copy-at-60.db');
  const redisPrefix = `test-${randomUUID().slice(0, 8)}`;
  const env = {
    API_KEYS,
    DATA_DIR: dir.path,
    REDIS_PREFIX: redisPrefix,
    PORT: '0',
    ...LOCAL_RECEIVERS,
    // A high complaint breaches 9 s after filing, the first 100 before the stop. (A deadline
    // earlier than the recording of its filing gets no timer: the margin covers a loaded machine.)
    SLA_HOURS: 'critical=0.0025,high=0.0025,medium=48,low=72',
  };
  let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let seen: ReturnType<typeof watchHealth> | undefined;
  afterAll(async () => {
    await seen?.stop();
    await stopService(service?.server);
    await receiver?.close();
    await deleteRedisKeys(REDIS_URL, redisPrefix);
    dir.remove();
  });

  const customerOf = (index: number) => `CU-R${index}`;
  const complaintOf = (index: number) => `R-${index}`;
  async function file(http: (m: string, p: string, o?: object) => Promise<HttpAnswer>, index: number) {
    const answer = await http('POST', '/complaints', {
      body: {
        complaintId: complaintOf(index),
        customerId: customerOf(index),
        channel: 'web',
        category: 'delivery',
        severity: 'high',
        description: 'Parcel lost',
      },
    });
    if (answer.status !== 201) throw new Error(`${answer.status} ${answer.text}`);
  }
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  it('rebuilds, reconciles and resumes: exactly the restored 60 and the 20 after, nothing of the lost 40, nothing skipped', async () => {
    receiver = await startReceiver();
    service = await startServiceProcess(env);
    let http = service.http;
    const subscription = await http('POST', '/subscriptions', {
      token: TOKENS.integrator,
      body: { url: receiver.url, streamPrefix: 'complaint-' },
    });
    expect(subscription.status).toBe(201);

    for (const index of range(0, 60)) await file(http, index);
    const source = new Database(storePath, { readonly: true });
    await source.backup(copyPath);
    source.close();
    for (const index of range(60, 100)) await file(http, index);
    // Every deadline fires, every event is delivered and projected before the stop.
    await eventually(async () => (await escalated()).length === 100, 90_000, '100 escalations');
    await eventually(async () => (await listed(http)).length === 100, 30_000, '100 listed');
    const delivered = await storeEvents('complaint-');
    await eventually(() => acknowledgedIds().size >= delivered.length, 30_000, 'all delivered');
    expect((await riskCustomers(http)).sort()).toEqual(range(0, 100).map(customerOf).sort());

    await stopService(service.server);
    for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
    copyFileSync(copyPath, storePath);

    service = await startServiceProcess(env);
    http = service.http;
    seen = watchHealth(service.url);
    for (const index of range(100, 120)) await file(http, index);
    const expected = [...range(0, 60), ...range(100, 120)];

    await eventually(async () => (await listed(http)).length === 80, 60_000, '80 listed');
    expect((await listed(http)).sort()).toEqual(expected.map(complaintOf).sort());
    // The restored 60 breached again (their escalations were not in the copy); the 20 new ones at their due time.
    await eventually(async () => (await escalated()).length === 80, 90_000, '80 escalations');
    await new Promise((resolve) => setTimeout(resolve, 4000)); // the lost 40's jobs, had they acted
    const escalations = await storeEventsOfType('ComplaintEscalated');
    expect(escalations.map((event) => event.streamId).sort()).toEqual(
      expected.map((index) => `complaint-${complaintOf(index)}`).sort(),
    );
    const funnel = await http('GET', `/analytics/funnel?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, {
      token: TOKENS.analyst,
    });
    expect(funnel.body.groups[0].filed).toBe(80);
    expect((await riskCustomers(http)).sort()).toEqual(expected.map(customerOf).sort());
    // Every event of the history now in the store reached the receiver (positions were reused).
    const now = await storeEvents('complaint-');
    await eventually(
      () => now.every((event) => acknowledgedIds().has(event.id)),
      30_000,
      'every event of the restored history delivered',
    );
    const statuses = await seen.stop();
    expect(statuses).toContain('recovering');
    await eventually(async () => (await health(service!.url)).status === 'ok', 30_000, 'health ok again');
    // The log says what each part found and did.
    const log = service.server.lines.join('\n');
    // Beyond the head, or (when the early-warning reactor of the API process appended past the
    // checkpoint before the worker looked) another event at the checkpoint's position.
    expect(log).toMatch(/funnel: .*(beyond the store's head|holds another event)/);
    expect(log).toMatch(/Reconciling from the first event: .*(beyond the store's head|holds another event)/);
  }, 240_000);

  function acknowledgedIds(): Set<string> {
    return new Set(receiver.acknowledged.map((call) => call.id));
  }

  async function listed(http: (m: string, p: string, o?: object) => Promise<HttpAnswer>): Promise<string[]> {
    const answer = await http('GET', '/complaints?limit=500');
    return (answer.body.items as { complaintId: string }[]).map((item) => item.complaintId);
  }

  async function escalated(): Promise<string[]> {
    return (await storeEventsOfType('ComplaintEscalated')).map((event) => event.streamId);
  }

  async function riskCustomers(
    http: (m: string, p: string, o?: object) => Promise<HttpAnswer>,
  ): Promise<string[]> {
    const answer = await http('GET', '/analytics/early-warning?limit=1000', { token: TOKENS.analyst });
    return (answer.body.customers as { customerId: string }[]).map((entry) => entry.customerId);
  }

  async function storeEvents(streamPrefix: string) {
    const store = SqliteEventStore.open({ path: storePath, readOnly: true });
    try {
      return await store.readAll({ maxCount: 100_000, filter: { streamPrefix } });
    } finally {
      await store.close();
    }
  }

  async function storeEventsOfType(type: string) {
    return (await storeEvents('complaint-')).filter((event) => event.type === type);
  }
});

async function health(url: string): Promise<{ status: string }> {
  return (await (await fetch(`${url}/health`)).json()) as { status: string };
}

/** Polls /health every 10 ms and keeps each status seen, until stopped. */
function watchHealth(url: string): { stop: () => Promise<string[]> } {
  const statuses = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      statuses.add((await health(url).catch(() => ({ status: 'unreachable' }))).status);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return [...statuses];
    },
  };
}
