/**
 * bench:api: file + resolve commands at 64 connections against the API process (ROLE=api,
 * SQLite at synchronous=FULL, real Redis) with the worker (projections) in a process of its
 * own, beside a bare NestJS-on-Fastify route measured the same way in the same run.
 * Targets (issue 3): >= 40% of the bare route's requests/s, p99 < 50 ms.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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

function startServer(args: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], {
    cwd: ROOT,
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

async function main() {
  console.log('bench:api — building the API and the worker (nest build)...');
  for (const app of ['api', 'worker']) {
    const build = spawnSync(join(ROOT, 'node_modules/.bin/nest'), ['build', app], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error(`nest build ${app} failed`);
  }
  const dir = makeTempDir('bench-api');
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const servers: ChildProcess[] = [];
  const prefixes = [prefix];
  const dirs = [dir];
  // BENCH_API_NODE_ARGS, e.g. "--prof", profiles the API process (node --prof-process).
  const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  try {
    const api = await startServer([...apiNodeArgs, 'dist/apps/api/apps/api/src/main.js'], {
      PORT: '3901',
      DATA_DIR: dir.path,
      REDIS_PREFIX: prefix,
      API_KEYS: `agent:${TOKEN}`,
      ROLE: 'api',
    });
    servers.push(api);
    const worker = await startServer(['dist/apps/worker/apps/worker/src/main.js'], {
      DATA_DIR: dir.path,
      REDIS_PREFIX: prefix,
      API_KEYS: `agent:${TOKEN}`,
    });
    servers.push(worker);
    const bare = await startServer(['-r', '@swc-node/register', 'bench/bare-app.ts'], { PORT: '3902' });
    servers.push(bare);

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

    console.log(`\nbare NestJS-on-Fastify route, ${CONNECTIONS} connections, ${SECONDS} s:`);
    const bareResult = await run({
      url: 'http://127.0.0.1:3902',
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ method: 'POST', path: '/bare', headers, body: complaint('x') }],
    });

    console.log(`\nfile + resolve commands, ${CONNECTIONS} connections, ${SECONDS} s:`);
    let counter = 0;
    const apiResult = await run({
      url: 'http://127.0.0.1:3901',
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

    const non2xx = apiResult.non2xx + apiResult.errors;
    const ratio = apiResult.requests.average / bareResult.requests.average;
    const row = (name: string, r: autocannon.Result) =>
      `${name.padEnd(28)} ${Math.round(r.requests.average).toLocaleString('en').padStart(9)}  ${String(r.latency.p50).padStart(7)}  ${String(r.latency.p99).padStart(7)}`;
    console.log('\nfigure                          req/s   p50 ms   p99 ms');
    console.log(row('file + resolve commands', apiResult));
    console.log(row('bare NestJS route (ceiling)', bareResult));
    console.log(
      `\ncommands at ${(ratio * 100).toFixed(0)}% of the bare route (target >= 40%); p99 ${apiResult.latency.p99} ms (target < 50 ms); non-2xx or errors: ${non2xx}`,
    );
    console.log(
      ratio >= 0.4 && apiResult.latency.p99 < 50 && non2xx === 0 ? 'both targets met' : 'TARGET MISSED',
    );

    // Layouts: POST /complaints at 64 connections over 500 customers (their histories grow
    // round after round), against ROLE=api alone and the default ROLE=all (HTTP in one process,
    // the projections in its child), each on a store and Redis prefix of its own.
    const fileOver500 = (port: number, label: string) => {
      let filed = 0;
      return run({
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
    };
    const layout = async (role: 'api' | 'all', port: number) => {
      const layoutDir = makeTempDir(`bench-api-${role}`);
      const layoutPrefix = `bench-${randomUUID().slice(0, 8)}`;
      prefixes.push(layoutPrefix);
      dirs.push(layoutDir);
      const server = await startServer([...apiNodeArgs, 'dist/apps/api/apps/api/src/main.js'], {
        PORT: String(port),
        DATA_DIR: layoutDir.path,
        REDIS_PREFIX: layoutPrefix,
        API_KEYS: `agent:${TOKEN}`,
        ROLE: role,
      });
      servers.push(server);
      const rates: number[] = [];
      for (let round = 1; round <= (role === 'all' ? ROUNDS : 1); round++) {
        console.log(`
ROLE=${role}: POST /complaints over ${CUSTOMERS} customers, round ${round}, ${ROUND_SECONDS} s:`);
        rates.push((await fileOver500(port, `${role}${round}`)).requests.average);
      }
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
        projections: Record<string, { lag: number }>;
      };
      const lag = Math.max(...Object.values(health.projections).map((projection) => projection.lag));
      await new Promise((resolve) => {
        server.once('exit', resolve);
        server.kill('SIGTERM');
      });
      return { rates, lag };
    };
    const alone = await layout('api', 3903);
    const all = await layout('all', 3904);
    const [first, last] = [all.rates[0], all.rates[all.rates.length - 1]];
    console.log(`
POST /complaints over ${CUSTOMERS} customers, ${CONNECTIONS} connections, ${ROUND_SECONDS} s rounds:`);
    console.log(
      `  ROLE=api alone (ceiling)           ${Math.round(alone.rates[0]).toLocaleString('en')} req/s`,
    );
    console.log(
      `  ROLE=all, rounds                   ${all.rates.map((rate) => Math.round(rate).toLocaleString('en')).join(' -> ')} req/s`,
    );
    console.log(
      `  ROLE=all last round / first: ${((100 * last) / first).toFixed(0)}% (target >= 90%); last / ROLE=api alone: ${((100 * last) / alone.rates[0]).toFixed(0)}% (target >= 80%); projection lag at the end (before the last batches): ${all.lag.toLocaleString('en')} events`,
    );
  } finally {
    // The worker may commit a last batch while it stops: delete the keys once all have exited.
    await Promise.all(
      servers.map((server) =>
        server.exitCode !== null || server.signalCode !== null
          ? undefined
          : new Promise((resolve) => {
              server.once('exit', resolve);
              server.kill('SIGTERM');
            }),
      ),
    );
    for (const used of prefixes) await deleteRedisKeys(redisUrl, used);
    for (const used of dirs) used.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
