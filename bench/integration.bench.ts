/**
 * bench:integration: what other services get out of the service, each figure beside a ceiling
 * measured in the same run, against the service as users run it: the default layout
 * (`npm start`, ROLE=all: HTTP in one process, projections and webhook delivery in its child)
 * and the split one (ROLE=api + the worker), each in processes of their own; this process is
 * the client. Events are appended by this process to the same SQLite file (as a second writer,
 * the way the worker appends), so the figures are about reading and delivering them.
 * - The feed (GET /events, limit 1000) over BENCH_FEED_EVENTS (100,000) events, once the
 *   projections have caught up: pages/s and events/s, beside raw reads of the same events
 *   from the store in this process (readAll pages of 1000); in processes just started, then
 *   warmed up (see feedAndStream). Target (issue 13): >= 50,000 events/s.
 * - The live stream (GET /events/stream) of the same events to one client: events/s.
 * - Webhooks: BENCH_WEBHOOKS_PER_SUBSCRIPTION (1,000) events to each of 16 subscriptions, each
 *   with a receiver of its own (one child process for all 16), beside raw BullMQ (add + process
 *   as many empty jobs, concurrency 32, in this process). Target: deliveries >= 50% of the raw
 *   job rate. Two figures: a backlog (the events are stored, the projections have caught up,
 *   then the subscriptions are created from the position before them), the like of the raw
 *   jobs' add-then-process; and live (the subscriptions exist, the events are appended while
 *   they are delivered and while the projections fold them).
 * BENCH_LAYOUTS=all,split picks the layouts. Every run has its own data directory and Redis
 * prefix; only its keys are deleted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventStore, EventToAppend } from '@cl/event-store';
import { REPO_ROOT } from '../test/support/child-process';
import { rawBullMqMs } from './raw-bullmq';
import { makeTempDir } from '../test/support/temp-dir';
import { deleteRedisKeys } from '../test/support/test-app';

const FEED_EVENTS = Number(process.env.BENCH_FEED_EVENTS ?? 100_000);
const PER_SUBSCRIPTION = Number(process.env.BENCH_WEBHOOKS_PER_SUBSCRIPTION ?? 1000);
const LAYOUTS = (process.env.BENCH_LAYOUTS ?? 'all,split').split(',');
const SUBSCRIPTIONS = 16;
const CONCURRENCY = 32;
const PORT = 3931;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'bench-integrator-token-0123456789abcdef';
const URL_BASE = `http://127.0.0.1:${PORT}`;
const HEADERS = { authorization: `Bearer ${TOKEN}` };
// The V8 flags npm run gives this script (scripts/launch.mjs), given alike to every server.
const NODE_FLAGS = process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size'));

// BENCH_API_NODE_ARGS and BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof", profile the split layout's processes.
const nodeArgs = (name: string) => (process.env[name] ?? '').split(' ').filter(Boolean);
const API_NODE_ARGS = nodeArgs('BENCH_API_NODE_ARGS');
const WORKER_NODE_ARGS = nodeArgs('BENCH_WORKER_NODE_ARGS');

const rate = (count: number, ms: number) => count / (ms / 1000);
const format = (value: number) => Math.round(value).toLocaleString('en');

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

/** Starts a TypeScript entry point of the repo and resolves once it prints `ready`. */
function startProcess(
  file: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const args = [...NODE_FLAGS, ...nodeArgs, '-r', '@swc-node/register', join(REPO_ROOT, file)];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready.test(chunk.toString())) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

/** Waits until the service has seen `head` and every projection has folded it. */
async function caughtUp(head: bigint): Promise<void> {
  for (;;) {
    const response = await fetch(`${URL_BASE}/health`);
    const health = (await response.json()) as {
      projections?: Record<string, { position: string; lag: number }>;
    };
    const projections = Object.values(health.projections ?? {});
    if (projections.length > 0 && projections.every((p) => BigInt(p.position) >= head)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function createSubscriptions(ports: string[], prefix: string, fromPosition: bigint): Promise<void> {
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const response = await fetch(`${URL_BASE}/subscriptions`, {
      method: 'POST',
      headers: { ...HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `http://127.0.0.1:${ports[i]}/hook`,
        streamPrefix: `complaint-${prefix}${i}-`,
        fromPosition: fromPosition.toString(),
      }),
    });
    if (response.status !== 201)
      throw new Error(`POST /subscriptions: ${response.status} ${await response.text()}`);
  }
}

class Receivers {
  private readonly lines;
  private constructor(readonly child: ChildProcess) {
    this.lines = createInterface({ input: child.stdout! });
  }

  static async start(): Promise<{ receivers: Receivers; ports: string[] }> {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(REPO_ROOT, 'bench/webhook-receivers.child.ts')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, RECEIVERS: String(SUBSCRIPTIONS) },
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const receivers = new Receivers(child);
    const ports = (await receivers.nextLine()).replace('ports ', '').split(',');
    return { receivers, ports };
  }

  private nextLine(): Promise<string> {
    return new Promise<string>((resolve) => this.lines.once('line', resolve));
  }

  /** Resolves when the receivers have `total` deliveries, showing progress. */
  async waitFor(total: number): Promise<void> {
    let delivered = 0;
    while (delivered < total) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      this.child.stdin!.write('\n');
      delivered = (await this.nextLine())
        .replace('received ', '')
        .split(',')
        .map(Number)
        .reduce((a, b) => a + b, 0);
      process.stdout.write(`\r  delivered ${format(delivered)} / ${format(total)}`);
    }
    process.stdout.write('\r');
  }
}

interface FeedPass {
  raw: number;
  feed: number;
  pages: number;
}

/** Reads the events after `from` through the store (the ceiling) and through GET /events. */
async function feedPass(store: EventStore, from: bigint, count: number): Promise<FeedPass> {
  let started = performance.now();
  let after = from;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    after = page[page.length - 1].position;
  }
  const raw = rate(count, performance.now() - started);

  started = performance.now();
  let pages = 0;
  let received = 0;
  let cursor = from.toString();
  for (;;) {
    const response = await fetch(`${URL_BASE}/events?after=${cursor}&limit=1000`, { headers: HEADERS });
    const page = (await response.json()) as { events: unknown[]; next: string };
    if (page.events.length === 0) break;
    pages++;
    received += page.events.length;
    cursor = page.next;
  }
  const feedMs = performance.now() - started;
  // Besides them, the service's own events (the audit seals) may be there.
  if (received < count) throw new Error(`the feed gave ${received} events of ${count}`);
  return { raw, feed: rate(received, feedMs), pages: rate(pages, feedMs) };
}

function reportFeed(label: string, pass: FeedPass): void {
  console.log(`  ${label}`);
  console.log(`    ceiling, store.readAll pages of 1000: ${format(pass.raw)} events/s`);
  console.log(
    `    GET /events?limit=1000:              ${format(pass.feed)} events/s, ${format(pass.pages)} pages/s = ${((100 * pass.feed) / pass.raw).toFixed(0)}% of the ceiling (target >= 50,000 events/s)`,
  );
}

/**
 * The feed twice: first over history no process has read yet, in processes just started (their
 * SQLite page caches and heaps still growing: every page read lands in fresh memory); then over
 * as many newer events, once the service has run a while (caches full, memory reused), as a
 * service that has been up for days would serve them.
 */
async function feedAndStream(store: EventStore): Promise<void> {
  process.stdout.write(`  appending ${format(FEED_EVENTS)} events...`);
  await appendEvents(store, FEED_EVENTS, (i) => `complaint-F-${i}`);
  const head = await store.headPosition();
  process.stdout.write(' waiting for the projections...');
  await caughtUp(head);
  console.log(' done');
  reportFeed('just started:', await feedPass(store, 0n, FEED_EVENTS));

  process.stdout.write(`  appending ${format(FEED_EVENTS)} more...`);
  await appendEvents(store, FEED_EVENTS, (i) => `complaint-G-${i}`);
  process.stdout.write(' waiting for the projections...');
  await caughtUp(await store.headPosition());
  console.log(' done');
  reportFeed('warmed up, the newer events:', await feedPass(store, head, FEED_EVENTS));

  const started = performance.now();
  const controller = new AbortController();
  const stream = await fetch(`${URL_BASE}/events/stream?after=0`, {
    headers: HEADERS,
    signal: controller.signal,
  });
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
  console.log(
    `  GET /events/stream, one client:       ${format(rate(seen, performance.now() - started))} events/s`,
  );
}

async function webhooks(store: EventStore, prefix: string): Promise<void> {
  const { receivers, ports } = await Receivers.start();
  try {
    const total = PER_SUBSCRIPTION * SUBSCRIPTIONS;
    console.log(`  webhooks, ${format(PER_SUBSCRIPTION)} events to each of ${SUBSCRIPTIONS} subscriptions:`);
    const rawJobs = rate(total, await rawBullMqMs(REDIS_URL, prefix, total, CONCURRENCY));
    console.log(
      `    ceiling, raw BullMQ add + process of ${format(total)} empty jobs: ${format(rawJobs)} jobs/s`,
    );
    const report = (label: string, ms: number) => {
      const deliveries = rate(total, ms);
      console.log(
        `    ${label} ${format(deliveries)} deliveries/s = ${((100 * deliveries) / rawJobs).toFixed(0)}% of raw jobs (target >= 50%)`,
      );
    };

    // A backlog: stored first, then subscribed to from before it.
    const before = await store.headPosition();
    for (let i = 0; i < SUBSCRIPTIONS; i++)
      await appendEvents(store, PER_SUBSCRIPTION, (n) => `complaint-B${i}-${n}`);
    await caughtUp(await store.headPosition());
    let started = performance.now();
    await createSubscriptions(ports, 'B', before);
    await receivers.waitFor(total);
    report('backlog:', performance.now() - started);

    // Live: subscribed first, then appended while delivered (and folded by the projections).
    await createSubscriptions(ports, 'L', await store.headPosition());
    started = performance.now();
    for (let i = 0; i < SUBSCRIPTIONS; i++)
      await appendEvents(store, PER_SUBSCRIPTION, (n) => `complaint-L${i}-${n}`);
    await receivers.waitFor(2 * total);
    report('live:   ', performance.now() - started);
  } finally {
    receivers.child.kill('SIGKILL');
  }
}

async function runLayout(layout: string): Promise<void> {
  const dir = makeTempDir('bench-integration');
  const prefix = `bench-integration-${randomUUID().slice(0, 8)}`;
  const env = {
    DATA_DIR: dir.path,
    REDIS_PREFIX: prefix,
    API_KEYS: `integrator:${TOKEN}`,
    PORT: String(PORT),
    // The receivers listen on 127.0.0.1: a loopback target is refused unless allowed.
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
  };
  const servers: ChildProcess[] = [];
  let store: SqliteEventStore | undefined;
  try {
    if (layout === 'all') {
      console.log('\nROLE=all (npm start: HTTP in one process, projections and webhooks in its child):');
      servers.push(
        await startProcess('apps/api/src/main.ts', { ...env, ROLE: 'all' }, /Projections running/),
      );
    } else {
      console.log('\nsplit (ROLE=api, and the worker running projections and webhooks):');
      servers.push(
        await startProcess('apps/api/src/main.ts', { ...env, ROLE: 'api' }, /Listening on/, API_NODE_ARGS),
      );
      servers.push(await startProcess('apps/worker/src/main.ts', env, /Worker running/, WORKER_NODE_ARGS));
    }
    store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
    await feedAndStream(store);
    await webhooks(store, prefix);
  } finally {
    const running = servers.filter((server) => server.exitCode === null && server.signalCode === null);
    for (const server of running) server.kill('SIGTERM');
    await Promise.all(running.map((server) => new Promise((resolve) => server.once('exit', resolve))));
    await store?.close();
    await deleteRedisKeys(REDIS_URL, prefix);
    dir.remove();
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:integration: ${format(FEED_EVENTS)} events for the feed and the live stream, then webhooks (layouts: ${LAYOUTS.join(', ')})`,
  );
  for (const layout of LAYOUTS) await runLayout(layout);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
