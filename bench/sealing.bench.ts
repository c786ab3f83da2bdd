/**
 * bench:sealing (issue 28, part 5): the command path with personal data sealed against the
 * same code storing it in clear (HEAD with bench/sealing-off.patch), POST /complaints at 64
 * connections against ROLE=api, in two shapes of data: 500 long-lived customers (their keys
 * exist) and a new customer per complaint (each filing creates and syncs a key).
 *
 * Both servers run side by side, each on a store and Redis prefix of its own, and are loaded
 * in turns: after a warm-up, BENCH_PAIRS pairs of BENCH_ROUND_SECONDS rounds, the order
 * alternating, so that a drift of the machine touches both alike. Each round gives requests/s
 * and the CPU the server used per request (all its threads, /proc); the medians and the
 * median of the paired ratios are compared. Target: sealed within 10% of clear.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { deleteRedisKeys } from '../test/support/test-app';
import { makeTempDir } from '../test/support/temp-dir';
import { baselineTree, build, startServer, stopServer, type Tree } from './api-trees';
import { processTreeCpuSeconds } from './cpu-meter';

const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 8);
const WARM_UP_ROUNDS = 2;
const CONNECTIONS = 64;
const CUSTOMERS = 500;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'bench-agent-token-0123456789abcdef';
const ROOT = join(__dirname, '..');

type Shape = 'long-lived' | 'new';
const SHAPES: Record<Shape, string> = {
  'long-lived': `${CUSTOMERS} long-lived customers`,
  new: 'a new customer per complaint',
};

interface Round {
  rate: number;
  cpuUs: number;
}

/** A server under test: its tree, process and the rounds measured on it. */
interface Server {
  tree: Tree;
  process: ChildProcess;
  port: number;
  rounds: Round[];
  filed: number;
}

async function round(server: Server, shape: Shape, measured: boolean): Promise<void> {
  const before = processTreeCpuSeconds(server.process.pid!);
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url: `http://127.0.0.1:${server.port}`,
        connections: CONNECTIONS,
        duration: ROUND_SECONDS,
        requests: [
          {
            method: 'POST',
            path: '/complaints',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
            setupRequest: (request) => {
              const n = ++server.filed;
              const id = `S-${n}-${randomUUID().slice(0, 8)}`;
              const customerId = shape === 'new' ? `CU-${id}` : `CU-${n % CUSTOMERS}`;
              return {
                ...request,
                body: JSON.stringify({
                  complaintId: id,
                  customerId,
                  channel: 'web',
                  category: 'billing',
                  severity: 'high',
                  description: 'Charged twice for one order',
                }),
              };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    ),
  );
  const cpu = processTreeCpuSeconds(server.process.pid!) - before;
  if (result.non2xx + result.errors > 0)
    throw new Error(`${server.tree.label}: ${result.non2xx + result.errors} requests failed`);
  if (measured)
    server.rounds.push({ rate: result.requests.average, cpuUs: (cpu * 1e6) / result.requests.total });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const whole = (value: number) => Math.round(value).toLocaleString('en');
const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;

async function compareShape(clear: Tree, sealed: Tree, shape: Shape, cleanup: (() => Promise<void>)[]) {
  const servers: Server[] = [];
  for (const [index, tree] of [clear, sealed].entries()) {
    const dir = makeTempDir('bench-sealing');
    const prefix = `bench-${randomUUID().slice(0, 8)}`;
    const port = 3951 + index;
    const child = await startServer(
      ['dist/apps/api/apps/api/src/main.js'],
      {
        PORT: String(port),
        DATA_DIR: dir.path,
        REDIS_PREFIX: prefix,
        API_KEYS: `agent:${TOKEN}`,
        ROLE: 'api',
      },
      tree.root,
    );
    cleanup.push(async () => {
      await stopServer(child);
      await deleteRedisKeys(REDIS_URL, prefix);
      dir.remove();
    });
    servers.push({ tree, process: child, port, rounds: [], filed: 0 });
  }
  const total = WARM_UP_ROUNDS + PAIRS;
  for (let pair = 0; pair < total; pair++) {
    const order = pair % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) await round(server, shape, pair >= WARM_UP_ROUNDS);
    process.stdout.write(
      `\r  ${SHAPES[shape]}: pair ${pair + 1} of ${total}${pair < WARM_UP_ROUNDS ? ' (warm-up)' : ''}   `,
    );
  }
  const [off, on] = servers;
  const rateRatio = median(on.rounds.map((r, i) => r.rate / off.rounds[i].rate));
  const cpuRatio = median(on.rounds.map((r, i) => r.cpuUs / off.rounds[i].cpuUs));
  console.log(`\nPOST /complaints, ROLE=api, ${SHAPES[shape]}, ${PAIRS} pairs of ${ROUND_SECONDS} s rounds:`);
  for (const server of servers) {
    console.log(
      `  ${server.tree.label.padEnd(30)} req/s ${server.rounds.map((r) => whole(r.rate)).join(' ')}  (median ${whole(median(server.rounds.map((r) => r.rate)))})`,
    );
    console.log(
      `  ${''.padEnd(30)} CPU µs/request ${server.rounds.map((r) => whole(r.cpuUs)).join(' ')}  (median ${whole(median(server.rounds.map((r) => r.cpuUs)))})`,
    );
  }
  console.log(
    `  sealed against clear, median of the pairs: req/s ${percent(rateRatio)}, CPU per request ${percent(cpuRatio)} (target: within 10%) ${rateRatio >= 0.9 && cpuRatio <= 1.1 ? 'met' : 'MISSED'}`,
  );
  for (const stop of cleanup.splice(0)) await stop();
}

async function main() {
  const baseline = baselineTree('sealing-off')!;
  const current: Tree = { label: 'sealed (this checkout)', root: ROOT };
  const clear: Tree = { ...baseline.tree, label: 'clear (sealing-off patch)' };
  const cleanup: (() => Promise<void>)[] = [];
  try {
    for (const tree of [clear, current]) build(tree);
    for (const shape of Object.keys(SHAPES) as Shape[]) await compareShape(clear, current, shape, cleanup);
  } finally {
    for (const stop of cleanup) await stop();
    baseline.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
