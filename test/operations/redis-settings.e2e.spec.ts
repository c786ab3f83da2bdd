import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS } from '../support/http-client';
import { startPrivateRedis } from '../support/private-redis';
import { makeTempDir } from '../support/temp-dir';

/** operations.md, "Operating it": an evicting Redis refuses the start, and says which setting. */
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
});
