/**
 * bench:integration: what other services get out of the service, each beside a ceiling
 * measured in the same run.
 * - The feed (GET /events, limit 1000) over BENCH_FEED_EVENTS (100,000) events: pages/s and
 *   events/s, beside raw reads of the same events from the store (readAll pages of 1000).
 *   Target (issue 13): >= 50,000 events/s.
 * - The live stream (GET /events/stream) of the same events to one client: events/s.
 * - Webhooks: BENCH_WEBHOOKS_PER_SUBSCRIPTION (1,000) events to each of 16 subscriptions, each
 *   with a receiver of its own (a child process), beside raw BullMQ (add + process as many empty
 *   jobs, concurrency 32). Target: deliveries >= 50% of the raw job rate.
 * The service runs in this process (ROLE=all) on a fresh SQLite file and its own Redis prefix;
 * only its keys are deleted.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '@cl/config';
import { EVENT_STORE, type EventStore, type EventToAppend } from '@cl/event-store';
import { createApp } from '../apps/api/src/create-app';
import { REPO_ROOT } from '../test/support/child-process';
import { rawBullMqMs } from './raw-bullmq';
import { makeTempDir } from '../test/support/temp-dir';
import { deleteRedisKeys } from '../test/support/test-app';

const FEED_EVENTS = Number(process.env.BENCH_FEED_EVENTS ?? 100_000);
const PER_SUBSCRIPTION = Number(process.env.BENCH_WEBHOOKS_PER_SUBSCRIPTION ?? 1000);
const SUBSCRIPTIONS = 16;
const CONCURRENCY = 32;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'bench-integrator';
const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en');

function events(count: number, offset: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'ComplaintNoted',
    data: { complaintId: `C-${offset + index}`, note: 'Customer called about the refund', amount: 129.5 },
    metadata: {
      occurredAt: new Date().toISOString(),
      recordedAt: new Date().toISOString(),
      actor: { id: 'agent-1', role: 'agent' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      hash: 'a'.repeat(64),
      prevHash: 'b'.repeat(64),
    },
  }));
}

async function appendEvents(store: EventStore, count: number, stream: (i: number) => string) {
  for (let i = 0; i < count; i += 500) {
    await store.appendToStream(stream(i), events(Math.min(500, count - i), i));
  }
}

async function main(): Promise<void> {
  const dir = makeTempDir('bench-integration');
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dir.path,
    REDIS_PREFIX: `bench-integration-${randomUUID().slice(0, 8)}`,
    API_KEYS: `integrator:${TOKEN}`,
    ROLE: 'all',
    PORT: '0',
  });
  const app = await createApp(config, { logger: ['error'] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const store = app.get<EventStore>(EVENT_STORE);
  const headers = { authorization: `Bearer ${TOKEN}` };
  const receivers = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(REPO_ROOT, 'bench/webhook-receivers.child.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, RECEIVERS: String(SUBSCRIPTIONS) },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    console.log(`bench:integration: feed and live stream over ${FEED_EVENTS.toLocaleString('en')} events`);
    process.stdout.write('  appending...');
    await appendEvents(store, FEED_EVENTS, (i) => `complaint-F-${i}`);
    const head = await store.headPosition();
    console.log(' done');

    // Ceiling: the store's own pages.
    let started = performance.now();
    let after = 0n;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      if (page.length === 0) break;
      after = page[page.length - 1].position;
    }
    const rawMs = performance.now() - started;

    started = performance.now();
    let pages = 0;
    let received = 0;
    let cursor = '0';
    for (;;) {
      const response = await fetch(`${url}/events?after=${cursor}&limit=1000`, { headers });
      const page = (await response.json()) as { events: unknown[]; next: string };
      if (page.events.length === 0) break;
      pages++;
      received += page.events.length;
      cursor = page.next;
    }
    const feedMs = performance.now() - started;
    console.log(`  ceiling, store.readAll pages of 1000:  ${rate(FEED_EVENTS, rawMs)} events/s`);
    console.log(
      `  GET /events?limit=1000:               ${rate(received, feedMs)} events/s, ${rate(pages, feedMs)} pages/s (target >= 50,000 events/s)`,
    );

    started = performance.now();
    const controller = new AbortController();
    const stream = await fetch(`${url}/events/stream?after=0`, { headers, signal: controller.signal });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = 0;
    let tail = '';
    while (seen < FEED_EVENTS) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = tail + value;
      seen += text.split('\ndata: ').length - 1;
      tail = text.slice(-8);
    }
    controller.abort();
    const sseMs = performance.now() - started;
    console.log(`  GET /events/stream, one client:       ${rate(seen, sseMs)} events/s`);
    if (Number(head) < FEED_EVENTS) throw new Error('the store lost events');

    // Webhooks.
    const lines = createInterface({ input: receivers.stdout });
    const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
    const ports = (await nextLine()).replace('ports ', '').split(',');
    const total = PER_SUBSCRIPTION * SUBSCRIPTIONS;
    console.log(
      `bench:integration: webhooks, ${PER_SUBSCRIPTION.toLocaleString('en')} events to each of ${SUBSCRIPTIONS} subscriptions`,
    );
    const rawJobsMs = await rawBullMqMs(REDIS_URL, config.redisPrefix, total, CONCURRENCY);
    console.log(
      `  ceiling, raw BullMQ add + process of ${total.toLocaleString('en')} empty jobs: ${rate(total, rawJobsMs)} jobs/s`,
    );
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const response = await fetch(`${url}/subscriptions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `http://127.0.0.1:${ports[i]}/hook`, streamPrefix: `complaint-H${i}-` }),
      });
      if (response.status !== 201)
        throw new Error(`POST /subscriptions: ${response.status} ${await response.text()}`);
    }
    started = performance.now();
    for (let i = 0; i < SUBSCRIPTIONS; i++)
      await appendEvents(store, PER_SUBSCRIPTION, (n) => `complaint-H${i}-${n}`);
    let delivered = 0;
    while (delivered < total) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      receivers.stdin.write('\n');
      delivered = (await nextLine())
        .replace('received ', '')
        .split(',')
        .map(Number)
        .reduce((a, b) => a + b, 0);
      process.stdout.write(`\r  delivered ${delivered.toLocaleString('en')} / ${total.toLocaleString('en')}`);
    }
    const webhookMs = performance.now() - started;
    const ratio = total / (webhookMs / 1000) / (total / (rawJobsMs / 1000));
    console.log(
      `\r  webhook deliveries (16 receivers):     ${rate(total, webhookMs)} deliveries/s = ${(ratio * 100).toFixed(0)}% of raw jobs (target >= 50%)`,
    );
  } finally {
    receivers.kill('SIGKILL');
    await app.close();
    await deleteRedisKeys(config.redisUrl, config.redisPrefix);
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
