import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { StreamWriter, writeComplaintCommand, type CommandContext } from '@cl/commands';
import { complaintDecider, type ComplaintCommand, type ServiceLevels } from '@cl/complaints';
import { deleteKeysUnder } from '@cl/redis';
import { DueTimeIndex, openTimersQueue } from '@cl/timers';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { eventually, sleep } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';
import { openTestStore } from '../support/test-store';

/**
 * docs/timers.md, The due-time index: deadlines beyond the promotion horizon wait in the index
 * and become BullMQ jobs only as they come near; a deadline whose complaint has moved on by
 * then never becomes one. The timers run in a child process (test/timers/children/run-timers.ts)
 * with a horizon of 1 s, killed with SIGKILL while it hands deadlines on, and started again.
 */
describe('the due-time index across a killed process', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const dir = makeTempDir('due-time-index');
  const redis = new Redis(redisUrl);
  const queue = openTimersQueue(redisUrl, prefix);
  const index = new DueTimeIndex(redis, prefix);
  // Critical complaints are due 5.4 s after filing: beyond the child's 1 s horizon.
  const levels: ServiceLevels = {
    slaHours: { critical: 0.0015, high: 1, medium: 1, low: 1 },
    callbackDueHours: 1,
  };
  const store = openTestStore(dir.path);
  const writer = new StreamWriter(store);
  afterAll(async () => {
    await queue.close();
    await store.close();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    dir.remove();
  });

  const startTimers = async () => {
    const child = new LineCollector(
      spawnTypeScript('test/timers/children/run-timers.ts', [prefix, JSON.stringify(levels), '1000'], {
        DATA_DIR: dir.path,
      }),
    );
    await child.waitFor(() => child.lines.includes('ready'));
    return child;
  };
  const context = (): CommandContext => ({
    actor: { id: 'agent-1', role: 'agent' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });
  const command = (id: string, given: ComplaintCommand) =>
    writeComplaintCommand(writer, store, complaintDecider(levels), id, given, context());
  const breaches = async (ids: string[]) =>
    Promise.all(
      ids.map(
        async (id) =>
          (await store.readStream(`complaint-${id}`)).filter(
            (event) => event.type === 'ComplaintEscalated' && event.data.reason === 'sla_breach',
          ).length,
      ),
    );

  it('escalates each open complaint once and a resolved one never, with the promoting process killed between', async () => {
    // The first append starts the store's writer (seconds on a loaded machine).
    await store.appendToStream('warm-up', [{ type: 'WarmUp', data: {} }]);
    const first = await startTimers();
    const open = Array.from({ length: 30 }, (_, i) => `O-${i}`);
    const resolved = Array.from({ length: 10 }, (_, i) => `R-${i}`);
    // Filed over ~2 s, so that deadlines keep falling due for as long.
    for (const [i, id] of [...open, ...resolved].entries()) {
      await command(id, {
        type: 'file',
        complaintId: id,
        customerId: `CU-${i % 5}`,
        channel: 'web',
        category: 'delivery',
        severity: 'critical',
        description: 'Late',
      });
      await sleep(50);
    }
    for (const id of resolved) {
      await command(id, {
        type: 'resolve',
        resolutionType: 'refund',
        summary: 'Refunded',
        resolvedBy: 'agent-1',
      });
    }
    // Deadlines wait in the index, beyond the horizon.
    await eventually(async () => (await index.size()) > 0, 10_000);
    await eventually(async () => (await breaches(open)).some((count) => count > 0), 20_000);
    first.child.kill('SIGKILL');
    await first.exited();
    expect((await breaches(open)).every((count) => count > 0)).toBe(false);

    const second = await startTimers();
    try {
      await eventually(async () => (await breaches(open)).every((count) => count > 0), 30_000);
      await sleep(2000);
      expect(await breaches(open)).toEqual(open.map(() => 1));
      expect(await breaches(resolved)).toEqual(resolved.map(() => 0));
      // The resolved complaints' deadlines were dropped, not handed on: no job was ever added for them.
      const dropped = await Promise.all(
        resolved.map(
          async (id) => (await store.readStream(`complaint-${id}`))[0].data.resolutionDueAt as string,
        ),
      );
      for (const [i, id] of resolved.entries()) {
        expect(await queue.getJob(`sla-deadline_${id}_${Date.parse(dropped[i])}`)).toBeUndefined();
      }
      // What is left in the index is the resolutions' call-back timers, an hour and more ahead.
      const left = await index.takenBy(Number.MAX_SAFE_INTEGER, 1000);
      expect(left.map((entry) => ('timer' in entry ? entry.timer.kind : 'unreadable')).sort()).toEqual(
        [...resolved.map(() => 'callback-due'), ...resolved.map(() => 'callback-missed')].sort(),
      );
    } finally {
      second.child.kill('SIGTERM');
      await second.exited();
    }
  }, 120_000);
});
