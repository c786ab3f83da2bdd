/**
 * bench:timers: BENCH_TIMERS (10,000) complaints whose resolution deadlines fall due at the
 * same moment; the time from that moment until every ComplaintEscalated{sla_breach} is
 * appended, beside raw BullMQ job throughput (add + process of as many empty jobs, same
 * concurrency) measured in the same run. Target (issue 10): escalations >= 50% of the raw
 * job rate. Also: Redis memory per pending timer. Own key prefix; deletes only its keys.
 */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { StreamWriter, writeComplaintCommand } from '@cl/commands';
import { complaintDecider, type ServiceLevels } from '@cl/complaints';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { deleteKeysUnder } from '@cl/redis';
import { openTimersQueue, ServiceLevelTimers } from '@cl/timers';
import { makeTempDir } from '../test/support/temp-dir';
import { rawBullMqMs } from './raw-bullmq';

const COUNT = Number(process.env.BENCH_TIMERS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_TIMER_CONCURRENCY ?? 32);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-timers-${randomUUID().slice(0, 8)}`;
const redis = new Redis(REDIS_URL);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en');

async function usedMemory(): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}

async function main(): Promise<void> {
  const dir = makeTempDir('bench-timers');
  const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
  try {
    console.log(
      `bench:timers: ${COUNT.toLocaleString('en')} deadlines at one moment, concurrency ${CONCURRENCY}`,
    );
    const rawMs = await rawBullMqMs(REDIS_URL, prefix, COUNT, CONCURRENCY);
    console.log(`  ceiling, raw BullMQ add + process of empty jobs: ${rate(COUNT, rawMs)} jobs/s`);

    // Every complaint filed "at" F with the same severity: every deadline is F + SLA.
    const slaSeconds = 20 + COUNT / 1000;
    const levels: ServiceLevels = {
      slaHours: { critical: slaSeconds / 3600, high: 24, medium: 48, low: 72 },
      callbackDueHours: 24,
    };
    const filedAt = new Date().toISOString();
    const dueAt = Date.parse(filedAt) + Math.floor((slaSeconds / 3600) * 3_600_000);
    const writer = new StreamWriter(store);
    const decider = complaintDecider(levels);
    const actor = { id: 'bench', role: 'agent' as const };
    let filed = 0;
    await Promise.all(
      Array.from({ length: 64 }, async (_, lane) => {
        for (let i = lane; i < COUNT; i += 64) {
          const complaintId = `B-${i}`;
          const command = {
            type: 'file' as const,
            complaintId,
            customerId: `CU-${i % 1000}`,
            channel: 'web' as const,
            category: 'delivery',
            severity: 'critical' as const,
            description: 'Late',
          };
          await writeComplaintCommand(writer, store, decider, complaintId, command, {
            actor,
            correlationId: complaintId,
            causationId: complaintId,
            occurredAt: filedAt,
          });
          filed++;
        }
      }),
    );
    console.log(
      `  filed ${filed.toLocaleString('en')} complaints; their deadlines fall due in ${Math.round((dueAt - Date.now()) / 1000)} s`,
    );

    const memoryBefore = await usedMemory();
    const queue = openTimersQueue(REDIS_URL, prefix);
    const timers = new ServiceLevelTimers({
      store,
      queue,
      writer: new StreamWriter(store),
      redis,
      redisUrl: REDIS_URL,
      keyPrefix: prefix,
      levels,
      callbackMissedHours: 72,
      concurrency: CONCURRENCY,
      onError: (error) => console.error(error),
    });
    timers.start();
    while ((await queue.getDelayedCount()) < COUNT) {
      if (Date.now() > dueAt)
        throw new Error('The timers were not scheduled before their deadline: raise the SLA');
      await sleep(100);
    }
    const perTimer = ((await usedMemory()) - memoryBefore) / COUNT;
    console.log(`  Redis memory per pending timer: ~${Math.round(perTimer)} bytes`);

    const head = await store.headPosition();
    while (Date.now() < dueAt) await sleep(10);
    let lastReport = 0;
    for (;;) {
      const escalated = Number((await store.headPosition()) - head);
      if (Date.now() - lastReport > 1000) {
        process.stderr.write(`  ... ${escalated.toLocaleString('en')} escalations appended\n`);
        lastReport = Date.now();
      }
      if (escalated >= COUNT) break;
      await sleep(20);
    }
    const escalationMs = Date.now() - dueAt;
    await timers.stop();
    await queue.close();
    const escalationRate = COUNT / (escalationMs / 1000);
    const rawRate = COUNT / (rawMs / 1000);
    console.log(
      `  escalations appended after the deadline: ${COUNT.toLocaleString('en')} in ${(escalationMs / 1000).toFixed(2)} s = ${rate(COUNT, escalationMs)}/s`,
    );
    console.log(
      `  = ${Math.round((escalationRate / rawRate) * 100)}% of the raw BullMQ rate (target >= 50%)`,
    );
  } finally {
    await store.close();
    dir.remove();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
