import { randomUUID } from 'node:crypto';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient } from '../support/http-client';
import { startPrivateRedis } from '../support/private-redis';
import { deleteRedisKeys } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The service as `npm start` runs it (HTTP here, the projections in its child), once it listens. */
async function startService(env: Record<string, string>) {
  const service = new LineCollector(
    spawnTypeScript('apps/api/src/main.ts', [], { API_KEYS, PORT: '0', ...env }),
  );
  await service.waitFor(
    () => service.lines.some((line) => line.startsWith('Projections running in child process')),
    90_000,
  );
  const url = /http:\/\/[^ ]+/.exec(service.lines.find((line) => line.startsWith('Listening on'))!)![0];
  const childPid = Number(
    /child process (\d+)/.exec(service.lines.find((line) => line.includes('child process'))!)![1],
  );
  return { service, url, childPid };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** docs/operations.md, "Shutdown": in order, within SHUTDOWN_TIMEOUT_SECONDS also while Redis is down, no lock left. */
describe('SIGTERM', () => {
  const dir = makeTempDir('shutdown');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    await deleteRedisKeys(REDIS_URL, prefix);
    dir.remove();
  });

  it('with Redis gone, exits within SHUTDOWN_TIMEOUT_SECONDS with its child, and the next start on the DATA_DIR works', async () => {
    const redis = await startPrivateRedis([]);
    const { service, url, childPid } = await startService({
      DATA_DIR: dir.path,
      REDIS_URL: redis.url,
      SHUTDOWN_TIMEOUT_SECONDS: '4',
    });
    try {
      const filed = await httpClient(url)('POST', '/complaints', {
        body: {
          customerId: 'CU-S',
          channel: 'web',
          category: 'delivery',
          severity: 'low',
          description: 'Late',
        },
      });
      expect(filed.status).toBe(201);
      await redis.stop();
      const signalled = Date.now();
      service.child.kill('SIGTERM');
      const code = await service.exited();
      const took = Date.now() - signalled;
      expect(took).toBeLessThan(10_000);
      expect([0, 1]).toContain(code);
      // Its child went with it.
      for (let waited = 0; alive(childPid) && waited < 5000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(alive(childPid)).toBe(false);
    } finally {
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
      await redis.stop();
    }

    // The store's lock went with the process: the next start on the same DATA_DIR works, and
    // with Redis there, a SIGTERM ends in order: exit 0, having finished everything.
    const next = await startService({
      DATA_DIR: dir.path,
      REDIS_PREFIX: prefix,
      SHUTDOWN_TIMEOUT_SECONDS: '20',
    });
    next.service.child.kill('SIGTERM');
    expect(await next.service.exited()).toBe(0);
    expect(alive(next.childPid)).toBe(false);
  }, 180_000);
});
