import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startPrivateRedis } from '../support/private-redis';
import { startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { eventually } from '../support/webhook-receiver';

/** docs/operations.md, "Operating it": an evicting Redis refuses the start, and says which setting. */
describe('the Redis the service runs on', () => {
  it('refuses to start on an evicting Redis, naming maxmemory-policy (the service as npm start runs it, and the worker)', async () => {
    const redis = await startPrivateRedis(['--maxmemory', '50mb', '--maxmemory-policy', 'allkeys-lru']);
    const dir = makeTempDir('evicting');
    try {
      for (const file of ['apps/api/src/main.ts', 'apps/worker/src/main.ts']) {
        const service = new LineCollector(
          spawnTypeScript(file, [], { API_KEYS, DATA_DIR: dir.path, REDIS_URL: redis.url, PORT: '0' }),
        );
        let stderr = '';
        service.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        expect(await service.exited()).toBe(1);
        expect(stderr).toMatch(/maxmemory-policy allkeys-lru/);
        expect(stderr).toMatch(/Set maxmemory-policy noeviction/);
        expect(service.lines.some((line) => line.startsWith('Listening on'))).toBe(false);
      }
    } finally {
      await redis.stop();
      dir.remove();
    }
  }, 60_000);

  it('warns in the log and in /health when Redis keeps nothing on disk, and not when it has an append-only file', async () => {
    const volatile = await startPrivateRedis([]);
    const dir = makeTempDir('persistence');
    const durable = await startPrivateRedis(['--appendonly', 'yes', '--dir', dir.path]);
    try {
      const without = await startTestApp({ API_KEYS, REDIS_URL: volatile.url });
      try {
        const health = (await (
          await fetch(`${without.url}/health`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })
        ).json()) as {
          status: string;
          warnings?: string[];
        };
        expect(health.status).toBe('ok');
        // Texts about the Redis's setup: to an admin token only.
        const anonymous = (await (await fetch(`${without.url}/health`)).json()) as Record<string, unknown>;
        expect(anonymous).not.toHaveProperty('warnings');
        expect(health.warnings).toEqual([
          expect.stringMatching(/^Redis keeps nothing on disk .* Set appendonly yes\.$/),
        ]);
      } finally {
        await without.stop();
      }
      const withAof = await startTestApp({ API_KEYS, REDIS_URL: durable.url });
      try {
        const health = (await (
          await fetch(`${withAof.url}/health`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })
        ).json()) as Record<string, unknown>;
        expect(health.status).toBe('ok');
        expect(health).not.toHaveProperty('warnings');
      } finally {
        await withAof.stop();
      }
    } finally {
      await volatile.stop();
      await durable.stop();
      dir.remove();
    }
  }, 60_000);
});

describe('a Redis that stops answering', () => {
  it('fails a request after REDIS_COMMAND_TIMEOUT_MS instead of waiting for ever, and answers again once Redis does', async () => {
    const redis = await startPrivateRedis([]);
    const service = await startTestApp({ API_KEYS, REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '300' });
    const http = httpClient(service.url);
    try {
      expect((await http('GET', '/complaints', { token: TOKENS.analyst })).status).toBe(200);
      redis.process.kill('SIGSTOP'); // the socket stays open; nothing answers
      const started = Date.now();
      const frozen = await http('GET', '/complaints', { token: TOKENS.analyst });
      expect(frozen.status).toBeGreaterThanOrEqual(500);
      expect(Date.now() - started).toBeLessThan(5000);
      redis.process.kill('SIGCONT');
      await eventually(
        async () => (await http('GET', '/complaints', { token: TOKENS.analyst })).status === 200,
        10_000,
        'answers again',
      );
    } finally {
      redis.process.kill('SIGCONT');
      await service.stop();
      await redis.stop();
    }
  }, 60_000);
});
