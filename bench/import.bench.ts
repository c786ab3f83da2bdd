/**
 * bench:import: rows/s of `npm run import` on a 100,000-row generic file (BENCH_IMPORT_ROWS),
 * beside the same commands sent over HTTP at 64 connections to the API (ROLE=api) in the
 * same run, each on a fresh SQLite store (synchronous=FULL). The data are shaped like real
 * use (test/support/generic-history.ts: customers drawn with a skew, so a few have many
 * complaints and long purchase histories; full lifecycles). The HTTP client keeps each
 * stream's commands in order (as the importer does) over 64 keep-alive connections.
 * Target (docs/import.md): the import at >= 80% of the HTTP rate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { planImport, readImportFile, type PlannedOperation, type StreamPlan } from '@cl/import';
import { genericHistory, toCsv } from '../test/support/generic-history';
import { makeTempDir } from '../test/support/temp-dir';
import { deleteRedisKeys } from '../test/support/test-app';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const CONNECTIONS = 64;
const ROOT = join(__dirname, '..');
const TOKEN = 'bench-import-agent-token-0123456789abcdef';
const NODE_FLAGS = process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size'));

function child(args: string[], env: NodeJS.ProcessEnv, stdio: 'pipe' | 'inherit' = 'pipe'): ChildProcess {
  return spawn(process.execPath, [...NODE_FLAGS, '-r', '@swc-node/register', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdio, 'inherit'],
  });
}

function startApi(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const server = child(['apps/api/src/main.ts'], env);
  return new Promise((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      if (/Listening/.test(chunk.toString())) resolve(server);
    });
    server.once('exit', (code) => reject(new Error(`the API exited with ${code}`)));
  });
}

/** The API route of a row's command. */
function route(operation: PlannedOperation): { method: string; path: string } {
  const id = encodeURIComponent(operation.targetId);
  switch (operation.command) {
    case 'file':
      return { method: 'POST', path: '/complaints' };
    case 'assign':
      return { method: 'POST', path: `/complaints/${id}/assignment` };
    case 'escalate':
      return { method: 'POST', path: `/complaints/${id}/escalation` };
    case 'resolve':
      return { method: 'POST', path: `/complaints/${id}/resolution` };
    case 'reopen':
      return { method: 'POST', path: `/complaints/${id}/reopen` };
    case 'recordCallback':
      return { method: 'POST', path: `/complaints/${id}/callbacks` };
    case 'recordSatisfaction':
      return { method: 'POST', path: `/complaints/${id}/satisfaction` };
    case 'close':
      return { method: 'POST', path: `/complaints/${id}/close` };
    case 'recordPurchase':
      return { method: 'POST', path: `/customers/${id}/purchases` };
    case 'updateProfile':
      return { method: 'PUT', path: `/customers/${id}/profile` };
    default:
      throw new Error(`no route for ${operation.command}`);
  }
}

/**
 * Sends every row's command over HTTP: streams in parallel on 64 connections, each stream's
 * rows in order, a follow-up after the complaint it follows is filed (as the importer does).
 */
async function sendOverHttp(
  port: number,
  streams: StreamPlan[],
): Promise<{ seconds: number; failed: Record<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const send = (operation: PlannedOperation) =>
    new Promise<number>((resolve, reject) => {
      const { method, path } = route(operation);
      const body = JSON.stringify(operation.body);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${TOKEN}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const failed: Record<number, number> = {};
  let done = 0;
  const filed = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  for (const stream of streams) {
    let resolve!: () => void;
    filed.set(stream.streamId, { promise: new Promise<void>((done) => (resolve = done)), resolve });
  }
  const started = performance.now();
  const interactive = process.stdout.isTTY === true;
  const progress = setInterval(
    () => {
      const rate = Math.round(done / ((performance.now() - started) / 1000));
      const line = `  HTTP: ${done.toLocaleString('en')} commands, ${rate.toLocaleString('en')}/s`;
      process.stdout.write(interactive ? `\r${line}   ` : `${line}\n`);
    },
    interactive ? 500 : 5000,
  );
  const worker = async () => {
    while (next < streams.length) {
      const stream = streams[next++];
      if (stream.after !== undefined) await filed.get(stream.after)!.promise;
      for (const operation of stream.operations) {
        const status = await send(operation);
        done++;
        if (status >= 300) failed[status] = (failed[status] ?? 0) + 1;
        if (operation.command === 'file') filed.get(stream.streamId)!.resolve();
      }
      filed.get(stream.streamId)!.resolve();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  clearInterval(progress);
  process.stdout.write('\n');
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, failed };
}

async function main() {
  const dir = makeTempDir('bench-import');
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let api: ChildProcess | undefined;
  try {
    // About 6.2 rows per complaint; cut to exactly ROWS (the last complaint may be cut short).
    const history = genericHistory({
      complaints: Math.ceil(ROWS / 5.5),
      customers: Math.ceil(ROWS / 30),
      seed: 2026,
    });
    const rows = history.rows.slice(0, ROWS);
    const file = join(dir.path, 'history.csv');
    writeFileSync(file, toCsv(rows));
    const customers = new Set(rows.map((row) => row.customerId)).size;
    console.log(
      `bench:import — ${rows.length.toLocaleString('en')} generic rows, ${customers.toLocaleString('en')} customers (skewed), ${file}`,
    );

    console.log(`\nnpm run import (child process, fresh store):`);
    const importer = child(['apps/api/src/import/import.cli.ts', file, '--format', 'generic'], {
      DATA_DIR: join(dir.path, 'import'),
      EVENT_STORE: 'sqlite',
    });
    let summary = '';
    importer.stdout!.on('data', (chunk: Buffer) => (summary += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => importer.once('exit', resolve));
    console.log(summary.trimEnd());
    const seconds = Number(/ in ([\d.]+) s/.exec(summary)?.[1]);
    if (code !== 0 || !Number.isFinite(seconds)) throw new Error(`the import exited with ${code}`);
    const importRate = rows.length / seconds;

    console.log(`\nthe same commands over HTTP, ${CONNECTIONS} connections (API ROLE=api, fresh store):`);
    api = await startApi({
      PORT: '3911',
      DATA_DIR: join(dir.path, 'http'),
      EVENT_STORE: 'sqlite',
      REDIS_PREFIX: prefix,
      API_KEYS: `agent:${TOKEN}`,
      ROLE: 'api',
    });
    const plan = planImport((await readImportFile(file, 'generic')).operations);
    const http = await sendOverHttp(3911, plan.streams);
    const httpRate = rows.length / http.seconds;

    const ratio = importRate / httpRate;
    console.log('\nfigure                                    rows/s');
    console.log(
      `npm run import                       ${Math.round(importRate).toLocaleString('en').padStart(9)}`,
    );
    console.log(
      `same commands over HTTP, 64 conns    ${Math.round(httpRate).toLocaleString('en').padStart(9)}   (non-2xx: ${JSON.stringify(http.failed)})`,
    );
    console.log(
      `\nimport at ${(ratio * 100).toFixed(0)}% of HTTP (target >= 80%): ${ratio >= 0.8 ? 'target met' : 'TARGET MISSED'}`,
    );
  } finally {
    if (api) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api!.once('exit', resolve));
    }
    await deleteRedisKeys(redisUrl, prefix).catch(() => undefined);
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
