import { randomUUID } from 'node:crypto';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { httpClient } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { eventually, sleep } from '../support/eventually';
import { TIMER_ENV, timerPolicyEnv } from './timer-env';
import { openTestStore } from '../support/test-store';
import { startServiceProcess } from '../support/service-process';

/**
 * The timers as they run in production: in the service's own process (ROLE=all), killed with
 * SIGKILL while deadlines fall due; and in the split layout, a worker process appending the
 * escalations beside the API process that holds the store. Under a policy whose targets fall
 * due in seconds (timer-env.ts), each complaint has three: ack_breach, sla_breach and
 * final_response_breach, each to be appended exactly once.
 */
describe('service-level timers across processes', () => {
  const dir = makeTempDir('timers-processes');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const env = {
    ...TIMER_ENV,
    ...timerPolicyEnv(dir.path),
    DATA_DIR: dir.path,
    REDIS_PREFIX: prefix,
    PORT: '0',
  };
  const REASONS = ['ack_breach', 'sla_breach', 'final_response_breach'];
  const once = (ids: string[]) => ids.map(() => REASONS.map(() => 1));
  afterAll(async () => {
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  async function startApi(role: 'all' | 'api') {
    return startServiceProcess({ ...env, ROLE: role });
  }
  async function stop(process: LineCollector, signal: NodeJS.Signals = 'SIGTERM') {
    process.child.kill(signal);
    await process.exited();
  }
  async function fileCritical(http: ReturnType<typeof httpClient>, ids: string[]) {
    // The first append starts the store's writer: on a loaded machine that took seconds, and a
    // filing recorded after its deadlines (1-2.5 s here) gets no timers (imported history).
    const warmUp = await http('POST', '/complaints', {
      body: {
        customerId: 'CU-W',
        channel: 'web',
        category: 'delivery',
        severity: 'low',
        description: 'Warm-up',
      },
    });
    expect(warmUp.status).toBe(201);
    for (const complaintId of ids) {
      const answer = await http('POST', '/complaints', {
        body: {
          complaintId,
          customerId: 'CU-P',
          channel: 'web',
          category: 'delivery',
          severity: 'critical',
          description: 'Late',
        },
      });
      expect(answer.status).toBe(201);
    }
  }
  /** Breach escalations per complaint and reason (REASONS), read from the file beside the running processes. */
  async function breachesPerComplaint(ids: string[]): Promise<number[][]> {
    const store = openTestStore(dir.path, { readOnly: true });
    try {
      return await Promise.all(
        ids.map(async (id) => {
          const events = await store.readStream(`complaint-${id}`);
          return REASONS.map(
            (reason) =>
              events.filter((event) => event.type === 'ComplaintEscalated' && event.data.reason === reason)
                .length,
          );
        }),
      );
    } finally {
      await store.close();
    }
  }
  const all = (counts: number[][]) => counts.every((reasons) => reasons.every((count) => count > 0));

  it('escalates every due deadline exactly once when the process is killed as they fall due', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `K-${i}`);
    const first = await startApi('all');
    await fileCritical(first.http, ids);
    // The deadlines (1.08, 1.8 and 2.52 s after filing) are falling due: kill once some, not all, were acted on.
    await eventually(async () => (await breachesPerComplaint(ids)).flat().some((count) => count > 0), 20_000);
    await stop(first.server, 'SIGKILL');
    const second = await startApi('all');
    try {
      // A job taken when the process died is taken again once its lock expires (10 s, checked every 5 s).
      await eventually(async () => all(await breachesPerComplaint(ids)), 60_000);
      await sleep(2000);
      expect(await breachesPerComplaint(ids)).toEqual(once(ids));
    } finally {
      await stop(second.server);
    }
  }, 150_000);

  it('runs the timers in a worker process beside the API (split layout), each deadline once', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `S-${i}`);
    const api = await startApi('api');
    const worker = new LineCollector(
      spawnTypeScript('apps/worker/src/main.ts', [], { ...env, ROLE: 'worker' }),
    );
    try {
      await worker.waitFor(() => worker.lines.some((line) => line.startsWith('Worker running')));
      await fileCritical(api.http, ids);
      await eventually(async () => all(await breachesPerComplaint(ids)), 30_000);
      await sleep(2000);
      expect(await breachesPerComplaint(ids)).toEqual(once(ids));
      // The API (which runs no timers) reports the worker's queue.
      const health = await api.http('GET', '/health', { token: null });
      expect(health.body.queues.timers).toMatchObject({ failed: 0 });
      // The API's decisions see the worker's appends: a manual escalation is one level above the three.
      const escalated = await api.http('POST', '/complaints/S-0/escalation', {});
      expect(escalated.body.level).toBe(4);
    } finally {
      await stop(worker);
      await stop(api.server);
    }
  });
});
