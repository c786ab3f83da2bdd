import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { openTestStore } from '../support/test-store';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * ROLE=all as `npm start` runs it: HTTP in the process, the background work (projections,
 * the early-warning reactor, ...) in a child process of its own (both cores), which goes when
 * the process is killed with SIGKILL.
 */
describe('ROLE=all: the background work in a child process', () => {
  const dir = makeTempDir('all-in-one');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  it('serves the read models the child keeps, and the child ends with its parent', async () => {
    const server = new LineCollector(
      spawnTypeScript('apps/api/src/main.ts', [], {
        DATA_DIR: dir.path,
        REDIS_PREFIX: prefix,
        API_KEYS,
        PORT: '0',
        ROLE: 'all',
      }),
    );
    try {
      await server.waitFor(() => server.lines.some((line) => line.startsWith('Listening on')));
      await server.waitFor(() =>
        server.lines.some((line) => line.startsWith('Projections running in child process')),
      );
      const url = /http:\/\/[^ ]+/.exec(server.lines.find((line) => line.startsWith('Listening on'))!)![0];
      const childPid = Number(
        /(\d+)$/.exec(server.lines.find((line) => line.startsWith('Projections running'))!)![1],
      );
      expect(childPid).not.toBe(server.child.pid);
      expect(alive(childPid)).toBe(true);
      const http = httpClient(url);
      const filed = await http('POST', '/complaints', {
        body: {
          complaintId: 'K-1',
          customerId: 'CU-1',
          severity: 'low',
          channel: 'web',
          category: 'billing',
          description: 'd',
        },
      });
      expect(filed.status).toBe(201);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const list = await http('GET', '/complaints');
        if (
          (list.body.items as { complaintId: string }[] | undefined)?.some(
            (item) => item.complaintId === 'K-1',
          )
        )
          break;
        if (Date.now() > deadline) throw new Error(`the complaint list never showed K-1: ${list.text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const health = await http('GET', '/health', { token: null });
      expect(health.body.projections['complaint-list']).toMatchObject({ state: 'running' });

      // The early-warning reactor runs in the child too (the HTTP process serves HTTP only):
      // a low satisfaction score raises the customer's level, recorded by the child.
      await http('POST', '/complaints/K-1/close', {});
      const survey = await http('POST', '/complaints/K-1/satisfaction', {
        body: { respondent: { contactId: 'P', role: 'user' }, score: 2 },
      });
      expect(survey.status).toBe(200);
      const recorded = Date.now() + 15_000;
      for (;;) {
        const store = openTestStore(dir.path, { readOnly: true });
        const changes = await store.readStream('customerRisk-CU-1').finally(() => store.close());
        if (changes.length > 0) {
          expect(changes.map((event) => [event.type, event.data.level])).toEqual([
            ['CustomerRiskChanged', 'watch'],
          ]);
          break;
        }
        if (Date.now() > recorded) throw new Error('the reactor never recorded the change of level');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Counted for /metrics, which the HTTP process serves.
      const metrics = await http('GET', '/metrics', { token: null });
      expect(metrics.text).toMatch(/cl_background_events_appended_total\{type="CustomerRiskChanged"\} 1\b/);
      // The reactor's lease (one at a time over all processes) is held by the child.
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const holder = await redis.get(`${prefix}:early-warning:lease`).finally(() => redis.disconnect());
      expect(holder).toContain(`:${childPid}:`);

      server.child.kill('SIGKILL');
      await server.exited();
      const gone = Date.now() + 10_000;
      while (alive(childPid)) {
        if (Date.now() > gone) throw new Error('the projection process outlived its parent');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
