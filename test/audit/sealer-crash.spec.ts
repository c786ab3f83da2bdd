import { randomUUID } from 'node:crypto';
import { AUDIT_SEALS_STREAM, verifyLog } from '@cl/audit';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { openTestStore } from '../support/test-store';
import { startServiceProcess } from '../support/service-process';

/**
 * The worker seals every 3 events while 8 clients file complaints through the API, and is
 * killed with SIGKILL. After a restart on the same file it continues from the last durable
 * seal: every seal, before and after the crash, agrees with the log, and none covers an event
 * twice.
 */
describe('seals across kill -9', () => {
  const dir = makeTempDir('sealer-crash');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const env = {
    DATA_DIR: dir.path,
    REDIS_PREFIX: prefix,
    API_KEYS,
    PORT: '0',
    ROLE: 'api',
    AUDIT_SEAL_EVERY: '3',
  };
  afterAll(async () => {
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  async function startApi() {
    return startServiceProcess(env);
  }
  /** The sealer runs where the workers run. */
  async function startWorker() {
    const worker = new LineCollector(
      spawnTypeScript('apps/worker/src/main.ts', [], { ...env, ROLE: 'worker' }),
    );
    await worker.waitFor(() => worker.lines.some((line) => line.startsWith('Worker running')));
    return worker;
  }

  const file = (http: ReturnType<typeof httpClient>, complaintId: string) =>
    http('POST', '/complaints', {
      body: {
        complaintId,
        customerId: 'CU-1',
        channel: 'web',
        category: 'x',
        severity: 'low',
        description: 'd',
      },
    }).catch(() => undefined);

  it('continues the seals from the last durable one', async () => {
    const api = await startApi();
    const first = await startWorker();
    let acknowledged = 0;
    let killed = false;
    const clients = Array.from({ length: 8 }, async (_, client) => {
      for (let i = 0; !killed; i++) {
        if ((await file(api.http, `K-${client}-${i}`))?.status === 201) acknowledged++;
      }
    });
    try {
      const killAfter = 60 + Math.floor(Math.random() * 120);
      // Killed mid-burst, once it has sealed something.
      while (acknowledged < killAfter || (await sealCount()) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      first.child.kill('SIGKILL');
      await first.exited();
      killed = true;
      await Promise.all(clients);

      const sealedBeforeRestart = await sealCount();
      expect(sealedBeforeRestart).toBeGreaterThan(0);
      const second = await startWorker();
      try {
        for (let i = 0; i < 9; i++) await file(api.http, `after-${i}`);
        // 9 new events, a seal every 3: at least 3 seals written after the restart.
        for (let tries = 0; (await sealCount()) < sealedBeforeRestart + 3; tries++) {
          if (tries > 400) throw new Error('The restarted worker did not seal');
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        // The API sees the worker's appends within its poll of the store (~25 ms).
        let report = await api.http('GET', '/audit/verify', { token: TOKENS.auditor });
        for (let tries = 0; report.body.seals.checked < sealedBeforeRestart + 3 && tries < 40; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          report = await api.http('GET', '/audit/verify', { token: TOKENS.auditor });
        }
        expect(report.body).toMatchObject({ valid: true, invalid: [] });
        expect(report.body.seals.checked).toBeGreaterThanOrEqual(sealedBeforeRestart + 3);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited();
      }
    } finally {
      killed = true;
      api.server.child.kill('SIGTERM');
      await api.server.exited();
    }

    const store = openTestStore(dir.path, { readOnly: true });
    try {
      const seals = await store.readStream(AUDIT_SEALS_STREAM);
      const report = await verifyLog(store);
      expect(report).toMatchObject({ valid: true, invalid: [], seals: { checked: seals.length } });
      expect(report.seals.firstInvalidPosition).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  async function sealCount(): Promise<number> {
    const store = openTestStore(dir.path, { readOnly: true });
    try {
      return (await store.readStream(AUDIT_SEALS_STREAM)).length;
    } finally {
      await store.close();
    }
  }
});
