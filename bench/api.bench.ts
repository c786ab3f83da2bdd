/**
 * bench:api: file + resolve commands at 64 connections against the API process (ROLE=api,
 * SQLite at synchronous=FULL, real Redis) with the worker (projections) in a process of its
 * own, beside a bare NestJS-on-Fastify route measured the same way in the same run.
 * Targets (issue 3): >= 40% of the bare route's requests/s, p99 < 50 ms.
 *
 * BENCH_BASELINE=<git ref> measures that checkout too, in the same run: it is checked out in a
 * temporary worktree (sharing this node_modules, so it must need no package this checkout
 * lacks), built there, and each figure is measured for the baseline and then this checkout,
 * printed side by side, so a change's effect on the command path shows in one run.
 * BENCH_BASELINE=sealing-off is this checkout's HEAD with bench/sealing-off.patch applied: the
 * commands store personal fields in clear (schemaVersion 1), the ceiling of issue 28's "within
 * 10% of the figures without encryption" (the patch must still apply: it says so if not).
 *
 * Beside requests/s, each figure gives the CPU its processes used per request (the server
 * with all its threads and children, the worker, Redis: /proc and INFO cpu), which moves far
 * less than requests/s between runs on a shared 2-core machine. BENCH_REPEATS=n measures
 * every figure n times, the trees alternating, and compares medians. Run it on a quiet Redis
 * (REDIS_URL): Redis's CPU is that of all its clients.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { deleteRedisKeys } from '../test/support/test-app';
import { makeTempDir } from '../test/support/temp-dir';
import { baselineTree, build, startServer, stopServer, type Tree } from './api-trees';
import { processCpuSeconds, processTreeCpuSeconds, redisCpuSeconds } from './cpu-meter';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The layouts part (issue 9): POST /complaints over 500 customers, rounds of this many seconds. */
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 1);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CUSTOMERS = 500;
const CONNECTIONS = 64;
const ROOT = join(__dirname, '..');
const TOKEN = 'bench-agent-token-0123456789abcdef';

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    autocannon.track(instance, {
      renderProgressBar: true,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

const complaint = (id: string) =>
  JSON.stringify({
    complaintId: id,
    customerId: `CU-${id}`,
    channel: 'web',
    category: 'billing',
    severity: 'high',
    description: 'Charged twice for one order',
  });
const resolution = JSON.stringify({
  resolutionType: 'refund',
  summary: 'Refunded the second charge',
  goodwill: { description: 'Voucher', value: 5 },
});
const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };

/** What the run started and must stop and delete at the end. */
interface Leftovers {
  servers: ChildProcess[];
  prefixes: string[];
  dirs: ReturnType<typeof makeTempDir>[];
}

// BENCH_API_NODE_ARGS, e.g. "--prof", profiles the API process (node --prof-process).
const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** CPU used per request while a figure was measured, in µs. */
interface CpuPerRequest {
  /** The server: ROLE=api with its threads, or ROLE=all with its projections child. */
  server: number;
  /** Of which the HTTP process itself (ROLE=all: without its child). */
  http: number;
  /** The worker process beside ROLE=api (file + resolve only). */
  worker?: number;
  redis: number;
}

/** One measured stretch of load. */
interface Measured {
  rate: number;
  p50: number;
  p99: number;
  failed: number;
  cpu: CpuPerRequest;
}

/** Runs `load` and measures it, with the CPU the servers and Redis used meanwhile. */
async function measure(
  redis: Redis,
  server: ChildProcess,
  worker: ChildProcess | undefined,
  load: () => Promise<autocannon.Result>,
): Promise<Measured> {
  const cpuOf = async () => ({
    server: processTreeCpuSeconds(server.pid!),
    http: processCpuSeconds(server.pid!),
    worker: worker ? processTreeCpuSeconds(worker.pid!) : 0,
    redis: await redisCpuSeconds(redis),
  });
  const before = await cpuOf();
  const result = await load();
  const after = await cpuOf();
  const perRequest = (seconds: number) => (seconds * 1e6) / Math.max(1, result.requests.total);
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
    cpu: {
      server: perRequest(after.server - before.server),
      http: perRequest(after.http - before.http),
      ...(worker && { worker: perRequest(after.worker - before.worker) }),
      redis: perRequest(after.redis - before.redis),
    },
  };
}

/** File + resolve at 64 connections against ROLE=api with the worker beside it. */
async function commandPath(tree: Tree, port: number, left: Leftovers, redis: Redis): Promise<Measured> {
  const dir = makeTempDir('bench-api');
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  left.dirs.push(dir);
  left.prefixes.push(prefix);
  const env = { DATA_DIR: dir.path, REDIS_PREFIX: prefix, API_KEYS: `agent:${TOKEN}` };
  const api = await startServer(
    [...apiNodeArgs, 'dist/apps/api/apps/api/src/main.js'],
    { ...env, PORT: String(port), ROLE: 'api' },
    tree.root,
  );
  left.servers.push(api);
  const worker = await startServer(['dist/apps/worker/apps/worker/src/main.js'], env, tree.root);
  left.servers.push(worker);
  console.log(`\n${tree.label}: file + resolve commands, ${CONNECTIONS} connections, ${SECONDS} s:`);
  let counter = 0;
  const measured = await measure(redis, api, worker, () =>
    run({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/complaints',
          headers,
          setupRequest: (request, context) => {
            const id = `B-${++counter}`;
            (context as { id?: string }).id = id;
            return { ...request, body: complaint(id) };
          },
        },
        {
          method: 'POST',
          headers,
          setupRequest: (request, context) => ({
            ...request,
            path: `/complaints/${(context as { id?: string }).id}/resolution`,
            body: resolution,
          }),
        },
      ],
    }),
  );
  await stopServer(api);
  await stopServer(worker);
  return measured;
}

/** A layout's rounds: their rates, the last round measured in full, the projections' lag after it. */
interface LayoutFigures {
  rates: number[];
  last: Measured;
  lag: number;
}

/**
 * Layouts: POST /complaints at 64 connections over 500 customers (their histories grow round
 * after round), against ROLE=api alone or the default ROLE=all (HTTP in one process, the
 * projections in its child), each on a store and Redis prefix of its own, the same rounds:
 * their last rounds, both warmed up, are compared (a first round is mostly warm-up).
 */
async function layout(
  tree: Tree,
  role: 'api' | 'all',
  port: number,
  left: Leftovers,
  redis: Redis,
): Promise<LayoutFigures> {
  const layoutDir = makeTempDir(`bench-api-${role}`);
  const layoutPrefix = `bench-${randomUUID().slice(0, 8)}`;
  left.prefixes.push(layoutPrefix);
  left.dirs.push(layoutDir);
  const server = await startServer(
    [...apiNodeArgs, 'dist/apps/api/apps/api/src/main.js'],
    {
      PORT: String(port),
      DATA_DIR: layoutDir.path,
      REDIS_PREFIX: layoutPrefix,
      API_KEYS: `agent:${TOKEN}`,
      ROLE: role,
    },
    tree.root,
  );
  left.servers.push(server);
  const rounds: Measured[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`
${tree.label}: ROLE=${role}: POST /complaints over ${CUSTOMERS} customers, round ${round}, ${ROUND_SECONDS} s:`);
    let filed = 0;
    const label = `${role}${round}`;
    rounds.push(
      await measure(redis, server, undefined, () =>
        run({
          url: `http://127.0.0.1:${port}`,
          connections: CONNECTIONS,
          duration: ROUND_SECONDS,
          requests: [
            {
              method: 'POST',
              path: '/complaints',
              headers,
              setupRequest: (request) => {
                const id = `${label}-${++filed}-${randomUUID().slice(0, 8)}`;
                const body = JSON.parse(complaint(id)) as Record<string, string>;
                return {
                  ...request,
                  body: JSON.stringify({ ...body, customerId: `CU-${filed % CUSTOMERS}` }),
                };
              },
            },
          ],
        }),
      ),
    );
  }
  const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
    projections: Record<string, { lag: number }>;
  };
  const lag = Math.max(...Object.values(health.projections).map((projection) => projection.lag));
  await stopServer(server);
  return { rates: rounds.map((measured) => measured.rate), last: rounds[rounds.length - 1], lag };
}

/** One repeat's figures of a tree. */
interface TreeFigures {
  commands: Measured;
  alone: LayoutFigures;
  all: LayoutFigures;
}

async function main() {
  const current: Tree = { label: 'this checkout', root: ROOT };
  const baseline = baselineTree();
  const trees = baseline ? [baseline.tree, current] : [current];
  const left: Leftovers = { servers: [], prefixes: [], dirs: [] };
  const redis = new Redis(REDIS_URL);
  try {
    for (const tree of trees) build(tree);
    const bare = await startServer(['-r', '@swc-node/register', 'bench/bare-app.ts'], { PORT: '3902' });
    left.servers.push(bare);
    console.log(`\nbare NestJS-on-Fastify route, ${CONNECTIONS} connections, ${SECONDS} s:`);
    const bareResult = await measure(redis, bare, undefined, () =>
      run({
        url: 'http://127.0.0.1:3902',
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [{ method: 'POST', path: '/bare', headers, body: complaint('x') }],
      }),
    );
    await stopServer(bare);

    // Each figure for every tree before the next figure, so that a drift of the machine
    // during the run touches both alike.
    const repeats: TreeFigures[][] = trees.map(() => []);
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      if (REPEATS > 1) console.log(`\n==== repeat ${repeat} of ${REPEATS}`);
      const commands: Measured[] = [];
      for (const tree of trees) commands.push(await commandPath(tree, 3901, left, redis));
      const alone: LayoutFigures[] = [];
      for (const tree of trees) alone.push(await layout(tree, 'api', 3903, left, redis));
      const all: LayoutFigures[] = [];
      for (const tree of trees) all.push(await layout(tree, 'all', 3904, left, redis));
      trees.forEach((_, i) => repeats[i].push({ commands: commands[i], alone: alone[i], all: all[i] }));
    }
    trees.forEach((tree, i) => report(tree, repeats[i], bareResult));
    if (trees.length === 2) compare(trees[0], repeats[0], repeats[1]);
  } finally {
    // The worker may commit a last batch while it stops: delete the keys once all have exited.
    await Promise.all(left.servers.map(stopServer));
    for (const used of left.prefixes) await deleteRedisKeys(REDIS_URL, used);
    for (const used of left.dirs) used.remove();
    baseline?.remove();
    redis.disconnect();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const whole = (value: number) => Math.round(value).toLocaleString('en');
const cpuText = ({ server, http, worker, redis }: CpuPerRequest) =>
  `${whole(server)}${server - http >= 1 ? ` (HTTP process ${whole(http)}, its child ${whole(server - http)})` : ''}${worker === undefined ? '' : ` + worker ${whole(worker)}`} + Redis ${whole(redis)} µs`;
const cpuTotal = ({ server, worker, redis }: CpuPerRequest) => server + (worker ?? 0) + redis;

/** Every repeat's figures of a tree, then the medians the targets are judged on. */
function report(tree: Tree, repeats: TreeFigures[], bare: Measured): void {
  const commands = repeats.map((figures) => figures.commands);
  const rate = median(commands.map((measured) => measured.rate));
  const p99 = median(commands.map((measured) => measured.p99));
  const failed = commands.reduce((sum, measured) => sum + measured.failed, 0);
  const ratio = rate / bare.rate;
  const row = (name: string, measured: Measured) =>
    `${name.padEnd(30)} ${whole(measured.rate).padStart(7)}  ${String(measured.p50).padStart(6)}  ${String(measured.p99).padStart(6)}   ${cpuText(measured.cpu)}`;
  console.log(`\n== ${tree.label}`);
  console.log('figure                           req/s  p50 ms  p99 ms   CPU per request');
  commands.forEach((measured, index) => console.log(row(`file + resolve commands, ${index + 1}`, measured)));
  console.log(row('bare NestJS route (ceiling)', bare));
  console.log(
    `commands at ${(ratio * 100).toFixed(0)}% of the bare route (target >= 40%); p99 ${p99} ms (target < 50 ms); non-2xx or errors: ${failed}` +
      (repeats.length > 1 ? ' (medians)' : ''),
  );
  console.log(ratio >= 0.4 && p99 < 50 && failed === 0 ? 'both targets met' : 'TARGET MISSED');
  console.log(
    `POST /complaints over ${CUSTOMERS} customers, ${CONNECTIONS} connections, ${ROUND_SECONDS} s rounds:`,
  );
  repeats.forEach(({ alone, all }, index) => {
    const last = (rates: number[]) => rates[rates.length - 1];
    console.log(`  repeat ${index + 1}`);
    console.log(`    ROLE=api alone, rounds (ceiling)   ${alone.rates.map(whole).join(' -> ')} req/s`);
    console.log(`      last round: ${cpuText(alone.last.cpu)} per request`);
    console.log(`    ROLE=all, rounds                   ${all.rates.map(whole).join(' -> ')} req/s`);
    console.log(`      last round: ${cpuText(all.last.cpu)} per request`);
    console.log(
      `    ROLE=all last round / first: ${((100 * last(all.rates)) / all.rates[0]).toFixed(0)}% (target >= 90%); last / ROLE=api alone's last: ${((100 * last(all.rates)) / last(alone.rates)).toFixed(0)}% (target >= 90%); projection lag at the end (before the last batches): ${whole(all.lag)} events`,
    );
  });
}

/** Medians of the baseline beside this checkout's: requests/s and CPU per request. */
function compare(baseline: Tree, before: TreeFigures[], after: TreeFigures[]): void {
  const change = (a: number, b: number) =>
    `${whole(a).padStart(8)} ${whole(b).padStart(8)}  ${((100 * (b - a)) / a).toFixed(1).padStart(6)}%`;
  const line = (name: string, pick: (figures: TreeFigures) => Measured) => {
    const [a, b] = [before.map(pick), after.map(pick)];
    console.log(
      `  ${name.padEnd(36)} req/s ${change(median(a.map((m) => m.rate)), median(b.map((m) => m.rate)))}   CPU µs/request ${change(median(a.map((m) => cpuTotal(m.cpu))), median(b.map((m) => cpuTotal(m.cpu))))}`,
    );
  };
  console.log(
    `\n${baseline.label} -> this checkout (${before.length === 1 ? 'one run' : `medians of ${before.length} repeats`}), before, after, change:`,
  );
  line('file + resolve (ROLE=api + worker)', (figures) => figures.commands);
  line('POST /complaints, ROLE=api last round', (figures) => figures.alone.last);
  line('POST /complaints, ROLE=all last round', (figures) => figures.all.last);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
