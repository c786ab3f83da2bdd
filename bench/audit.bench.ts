/**
 * bench:audit (issue 12). Generates BENCH_EVENTS events (default 1,000,000) in streams of 50
 * through the store's append API with the real hash chain, sealed by the real AuditSealer
 * every 10,000 events; then:
 * - GET /complaints/:id/history of a 50-event stream over HTTP (the service in a process of
 *   its own, ROLE=api), sequential requests, p50/p99 (target p99 < 5 ms), beside a bare
 *   NestJS-on-Fastify GET route answering the same bytes, also in a process of its own;
 * - each in a process of its own (bench/audit-log.child.ts): verification of every chain and
 *   seal (target >= 100,000 events/s, peak memory < 300 MiB) beside a raw SHA-256 over the
 *   same stored bytes, and the export as `npm run audit -- export` runs it (its personal
 *   fields opened with the run's keys.db); each with its peak memory.
 *
 * The personal fields (the filing's description, the escalations' notes) are sealed as the
 * service stores them (schemaVersion 2, a data key per customer); BENCH_SEALED=0 keeps them
 * in clear (schemaVersion 1), for comparison.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditSealer, chainedEvent, GENESIS_HASH } from '@cl/audit';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { EventToAppend } from '@cl/event-store';
import { PersonalDataCipher, SEALED_SCHEMA_VERSION } from '@cl/personal-data';
import { openDataKeys } from '@cl/personal-data/sqlite';
import { makeTempDir } from '../test/support/temp-dir';
import { deleteRedisKeys } from '../test/support/test-app';
import { latencies, NODE_FLAGS, percentile, startServer, stopServer } from './http-latency';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PER_STREAM = 50;
const HISTORY_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const ROOT = join(__dirname, '..');
const ACTOR = { id: 'agent-3f9a2c71', role: 'agent' };
const SEALED = process.env.BENCH_SEALED !== '0';

const TYPES = ['ComplaintAssigned', 'ComplaintEscalated', 'CallbackRecorded', 'SatisfactionRecorded'];

/**
 * One stream of `count` complaint-like events, each chained to the one before; with a cipher,
 * their personal fields sealed under the customer's key first, as StreamWriter does.
 */
async function streamEvents(
  stream: number,
  count: number,
  cipher: PersonalDataCipher | undefined,
): Promise<EventToAppend[]> {
  const streamId = `complaint-B-${stream}`;
  const customerId = `CU-${stream % 100_000}`;
  const correlationId = randomUUID();
  const decided: { type: string; data: object; at: string }[] = [];
  for (let revision = 0; revision < count; revision++) {
    const at = new Date(Date.UTC(2026, 0, 1, 9) + stream * 60_000 + revision * 3_600_000).toISOString();
    const data =
      revision === 0
        ? {
            complaintId: `B-${stream}`,
            customerId,
            channel: 'web',
            category: 'billing',
            severity: 'high',
            description: 'Charged twice for the same order',
            branchId: `BR-${stream % 50}`,
            resolutionDueAt: at,
          }
        : {
            agentId: `agent-${revision % 40}`,
            note: 'Followed up with the customer by phone',
            level: revision,
          };
    decided.push({ type: revision === 0 ? 'ComplaintFiled' : TYPES[revision % TYPES.length], data, at });
  }
  const eventIds = decided.map(() => randomUUID());
  const stored = cipher ? await cipher.seal(customerId, decided, eventIds) : decided;
  let prevHash = GENESIS_HASH;
  return stored.map(({ type, data, at }, revision) => {
    const { hash, ...event } = chainedEvent(
      prevHash,
      {
        streamId,
        revision,
        eventId: eventIds[revision],
        type,
        data,
        occurredAt: at,
        recordedAt: at,
        actor: ACTOR,
        correlationId,
        causationId: correlationId,
      },
      cipher ? { schemaVersion: SEALED_SCHEMA_VERSION } : {},
    );
    prevHash = hash;
    return event;
  });
}

async function generate(store: SqliteEventStore, cipher: PersonalDataCipher | undefined): Promise<void> {
  const streams = Math.ceil(EVENTS / PER_STREAM);
  let next = 0;
  let lastReport = Date.now();
  const started = Date.now();
  const worker = async () => {
    while (next < streams) {
      const stream = next++;
      const count = Math.min(PER_STREAM, EVENTS - stream * PER_STREAM);
      await store.appendToStream(`complaint-B-${stream}`, await streamEvents(stream, count, cipher), {
        expectedRevision: 'no_stream',
      });
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        process.stderr.write(`  generated ${(next * PER_STREAM).toLocaleString('en')} events\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `generated ${EVENTS.toLocaleString('en')} events in ${streams} streams in ${seconds.toFixed(1)} s, personal fields ${cipher ? 'sealed (schemaVersion 2)' : 'in clear (BENCH_SEALED=0)'}`,
  );
}

interface PhaseFigures {
  events: number;
  seconds: number;
  peakRssBytes: number;
  valid?: boolean;
  seals?: number;
  streams?: number;
}

function runLogPhase(dataDir: string, phase: 'raw' | 'verify' | 'export'): Promise<PhaseFigures> {
  return new Promise((resolve, reject) => {
    // With the V8 flags `npm run audit` gets from scripts/launch.mjs.
    const args = [...NODE_FLAGS, '-r', '@swc-node/register', 'bench/audit-log.child.ts', phase];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${phase} exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const dir = makeTempDir('bench-audit');
  const path = join(dir.path, 'events.db');
  try {
    const store = SqliteEventStore.open({ path });
    const keys = SEALED ? openDataKeys(dir.path) : undefined;
    const sealer = new AuditSealer(store, { everyEvents: 10_000, everyMs: 600_000 });
    sealer.start();
    await generate(store, keys && new PersonalDataCipher(keys));
    keys?.close();
    // The last seal is appended once the sealer has folded the last 10,000 events.
    const expectedSeals = Math.floor(EVENTS / 10_000);
    while (sealer.sealed < expectedSeals) await new Promise((resolve) => setTimeout(resolve, 50));
    await sealer.stop();
    await store.close();

    const redisPrefix = `bench-audit-${randomUUID().slice(0, 8)}`;
    const service = await startServer('apps/api/src/main.ts', {
      DATA_DIR: dir.path,
      ROLE: 'api',
      PORT: '3911',
      API_KEYS: 'auditor:bench-auditor-token-0123456789abcdef',
      REDIS_PREFIX: redisPrefix,
    });
    const headers = { authorization: 'Bearer bench-auditor-token-0123456789abcdef' };
    const historyUrl = `http://127.0.0.1:3911/complaints/B-${Math.floor(EVENTS / PER_STREAM / 2)}/history`;
    const body = await (await fetch(historyUrl, { headers })).json();
    writeFileSync(join(dir.path, 'history.json'), JSON.stringify(body));
    const bare = await startServer('bench/bare-get.child.ts', {
      PORT: '3912',
      BODY_FILE: join(dir.path, 'history.json'),
    });
    const history = await latencies(historyUrl, headers, HISTORY_REQUESTS);
    const ceiling = await latencies('http://127.0.0.1:3912/bare', {}, HISTORY_REQUESTS);
    await stopServer(bare);
    await stopServer(service);
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', redisPrefix);

    console.log('verifying and exporting, each in a process of its own...');
    const raw = await runLogPhase(dir.path, 'raw');
    const verify = await runLogPhase(dir.path, 'verify');
    const exported = await runLogPhase(dir.path, 'export');
    const mib = (figures: PhaseFigures) => `${Math.round(figures.peakRssBytes / 2 ** 20)} MiB`;
    const rate = (figure: { events: number; seconds: number }) => Math.round(figure.events / figure.seconds);
    const ms = (value: number) => `${value.toFixed(2)} ms`;
    const bytes = JSON.stringify(body).length;
    console.log(`
history of a ${(body as { events: unknown[] }).events.length}-event stream (${bytes.toLocaleString('en')} bytes), ${HISTORY_REQUESTS} sequential requests:
  GET /complaints/:id/history      p50 ${ms(percentile(history, 50))}, p99 ${ms(percentile(history, 99))}   (target p99 < 5 ms)
  bare NestJS GET, same bytes      p50 ${ms(percentile(ceiling, 50))}, p99 ${ms(percentile(ceiling, 99))}   (ceiling)
log of ${verify.events.toLocaleString('en')} events, ${verify.streams!.toLocaleString('en')} streams, ${verify.seals} seals:
  audit verify (chains and seals)  ${rate(verify).toLocaleString('en')} events/s in ${verify.seconds.toFixed(1)} s, valid: ${verify.valid}, peak memory ${mib(verify)}   (targets >= 100,000/s, < 300 MiB)
  raw SQLite + SHA-256, same rows  ${rate(raw).toLocaleString('en')} events/s, peak memory ${mib(raw)}   (ceiling; verify at ${((100 * rate(verify)) / rate(raw)).toFixed(0)}%)
  audit export (NDJSON)            ${rate(exported).toLocaleString('en')} events/s, peak memory ${mib(exported)}${SEALED ? ' (personal fields opened)' : ''}`);
    if (!verify.valid || verify.seals !== expectedSeals) throw new Error('The generated log did not verify');
  } finally {
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
