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
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { deleteRedisKeys } from '../test/support/test-app';
import { makeTempDir } from '../test/support/temp-dir';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The layouts part (issue 9): POST /complaints over 500 customers, rounds of this many seconds. */
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CUSTOMERS = 500;
const CONNECTIONS = 64;
const ROOT = join(__dirname, '..');
const TOKEN = 'bench-agent-token-0123456789abcdef';

// The V8 flags npm run gives this script (scripts/launch.mjs), given alike to every server.
const NODE_FLAGS = process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size'));

function startServer(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/ready|Listening|Worker running/.test(chunk.toString())) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

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

/** A checkout whose built API is measured: this one, or BENCH_BASELINE's worktree. */
interface Tree {
  label: string;
  root: string;
}

function build(tree: Tree): void {
  console.log(`bench:api — building the API and the worker of ${tree.label} (nest build)...`);
  for (const app of ['api', 'worker']) {
    const built = spawnSync(join(ROOT, 'node_modules/.bin/nest'), ['build', app], {
      cwd: tree.root,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error(`nest build ${app} failed in ${tree.root}`);
  }
}

/** BENCH_BASELINE's checkout in a temporary worktree beside this node_modules; undefined without it. */
function baselineTree(): { tree: Tree; remove: () => void } | undefined {
  const ref = process.env.BENCH_BASELINE;
  if (!ref) return undefined;
  const dir = makeTempDir('bench-baseline');
  const root = join(dir.path, 'tree');
  const git = (...args: string[]) => {
    const done = spawnSync('git', args, { cwd: ROOT, stdio: 'inherit' });
    if (done.status !== 0)
      throw new Error(`git ${args.join(' ')} failed: is BENCH_BASELINE=${ref} a commit?`);
  };
  git('worktree', 'add', '--detach', root, ref);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    tree: { label: `baseline ${ref}`, root },
    remove: () => {
      spawnSync('git', ['worktree', 'remove', '--force', root], { cwd: ROOT });
      dir.remove();
    },
  };
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

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  await new Promise((resolve) => {
    server.once('exit', resolve);
    server.kill('SIGTERM');
  });
}

/** File + resolve at 64 connections against ROLE=api with the worker beside it. */
async function commandPath(tree: Tree, port: number, left: Leftovers): Promise<autocannon.Result> {
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
  const result = await run({
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
  });
  await stopServer(api);
  await stopServer(worker);
  return result;
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
): Promise<{ rates: number[]; lag: number }> {
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
  const rates: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`
${tree.label}: ROLE=${role}: POST /complaints over ${CUSTOMERS} customers, round ${round}, ${ROUND_SECONDS} s:`);
    let filed = 0;
    const label = `${role}${round}`;
    const result = await run({
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
            return { ...request, body: JSON.stringify({ ...body, customerId: `CU-${filed % CUSTOMERS}` }) };
          },
        },
      ],
    });
    rates.push(result.requests.average);
  }
  const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
    projections: Record<string, { lag: number }>;
  };
  const lag = Math.max(...Object.values(health.projections).map((projection) => projection.lag));
  await stopServer(server);
  return { rates, lag };
}

interface TreeFigures {
  tree: Tree;
  commands: autocannon.Result;
  alone: { rates: number[]; lag: number };
  all: { rates: number[]; lag: number };
}

async function main() {
  const current: Tree = { label: 'this checkout', root: ROOT };
  const baseline = baselineTree();
  const trees = baseline ? [baseline.tree, current] : [current];
  const left: Leftovers = { servers: [], prefixes: [], dirs: [] };
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  try {
    for (const tree of trees) build(tree);
    const bare = await startServer(['-r', '@swc-node/register', 'bench/bare-app.ts'], { PORT: '3902' });
    left.servers.push(bare);
    console.log(`\nbare NestJS-on-Fastify route, ${CONNECTIONS} connections, ${SECONDS} s:`);
    const bareResult = await run({
      url: 'http://127.0.0.1:3902',
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ method: 'POST', path: '/bare', headers, body: complaint('x') }],
    });
    await stopServer(bare);

    // Each figure for every tree before the next figure, so that a drift of the machine
    // during the run touches both alike.
    const commands: autocannon.Result[] = [];
    for (const tree of trees) commands.push(await commandPath(tree, 3901, left));
    const alone: TreeFigures['alone'][] = [];
    for (const tree of trees) alone.push(await layout(tree, 'api', 3903, left));
    const all: TreeFigures['all'][] = [];
    for (const tree of trees) all.push(await layout(tree, 'all', 3904, left));
    const figures: TreeFigures[] = trees.map((tree, i) => ({
      tree,
      commands: commands[i],
      alone: alone[i],
      all: all[i],
    }));
    for (const figure of figures) report(figure, bareResult);
    if (figures.length === 2) compare(figures[0], figures[1]);
  } finally {
    // The worker may commit a last batch while it stops: delete the keys once all have exited.
    await Promise.all(left.servers.map(stopServer));
    for (const used of left.prefixes) await deleteRedisKeys(redisUrl, used);
    for (const used of left.dirs) used.remove();
    baseline?.remove();
  }
}

function report({ tree, commands, alone: apiAlone, all }: TreeFigures, bare: autocannon.Result): void {
  const non2xx = commands.non2xx + commands.errors;
  const ratio = commands.requests.average / bare.requests.average;
  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(28)} ${Math.round(r.requests.average).toLocaleString('en').padStart(9)}  ${String(r.latency.p50).padStart(7)}  ${String(r.latency.p99).padStart(7)}`;
  console.log(`\n== ${tree.label}`);
  console.log('figure                          req/s   p50 ms   p99 ms');
  console.log(row('file + resolve commands', commands));
  console.log(row('bare NestJS route (ceiling)', bare));
  console.log(
    `commands at ${(ratio * 100).toFixed(0)}% of the bare route (target >= 40%); p99 ${commands.latency.p99} ms (target < 50 ms); non-2xx or errors: ${non2xx}`,
  );
  console.log(
    ratio >= 0.4 && commands.latency.p99 < 50 && non2xx === 0 ? 'both targets met' : 'TARGET MISSED',
  );
  const [first, last] = [all.rates[0], all.rates[all.rates.length - 1]];
  const alone = apiAlone.rates[apiAlone.rates.length - 1];
  console.log(
    `POST /complaints over ${CUSTOMERS} customers, ${CONNECTIONS} connections, ${ROUND_SECONDS} s rounds:`,
  );
  console.log(
    `  ROLE=api alone, rounds (ceiling)   ${apiAlone.rates.map((rate) => Math.round(rate).toLocaleString('en')).join(' -> ')} req/s`,
  );
  console.log(
    `  ROLE=all, rounds                   ${all.rates.map((rate) => Math.round(rate).toLocaleString('en')).join(' -> ')} req/s`,
  );
  console.log(
    `  ROLE=all last round / first: ${((100 * last) / first).toFixed(0)}% (target >= 90%); last / ROLE=api alone's last: ${((100 * last) / alone).toFixed(0)}% (target >= 90%); projection lag at the end (before the last batches): ${all.lag.toLocaleString('en')} events`,
  );
}

function compare(baseline: TreeFigures, current: TreeFigures): void {
  const change = (before: number, after: number) =>
    `${Math.round(before).toLocaleString('en').padStart(8)} ${Math.round(after).toLocaleString('en').padStart(8)}  ${((100 * (after - before)) / before).toFixed(1).padStart(6)}%`;
  const lastOf = (rates: number[]) => rates[rates.length - 1];
  console.log(`\n${baseline.tree.label} -> this checkout, req/s       before    after  change`);
  console.log(
    `  file + resolve (ROLE=api + worker)     ${change(baseline.commands.requests.average, current.commands.requests.average)}`,
  );
  console.log(
    `  POST /complaints, ROLE=api last round  ${change(lastOf(baseline.alone.rates), lastOf(current.alone.rates))}`,
  );
  console.log(
    `  POST /complaints, ROLE=all last round  ${change(lastOf(baseline.all.rates), lastOf(current.all.rates))}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
