import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { activeReadModelPrefix } from '@cl/projections';
import { ComplaintListQuery } from '@cl/read-models';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { openTestStore } from '../support/test-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The worker as its own process beside the process that writes the embedded store. */
describe('apps/worker', () => {
  it('projects the events another process appends, and stops on SIGTERM', async () => {
    const dir = makeTempDir('worker');
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const store = openTestStore(dir.path);
    const redis = new Redis(REDIS_URL);
    const list = new ComplaintListQuery(redis, () => activeReadModelPrefix(redis, prefix, 'complaint-list'));
    const file = (id: string) =>
      store.appendToStream(`complaint-${id}`, [
        {
          type: 'ComplaintFiled',
          data: {
            complaintId: id,
            customerId: 'CU-1',
            channel: 'web',
            category: 'b',
            severity: 'low',
            description: 'd',
            resolutionDueAt: '2026-01-04T00:00:00.000Z',
          },
          metadata: { occurredAt: '2026-01-01T00:00:00.000Z' },
        },
      ]);
    try {
      await file('W-1');
      const worker = new LineCollector(
        spawnTypeScript('apps/worker/src/main.ts', [], {
          DATA_DIR: dir.path,
          REDIS_PREFIX: prefix,
          API_KEYS: 'admin:worker-test-admin-token-0123456789',
        }),
      );
      await worker.waitFor(() => worker.lines.some((line) => line.startsWith('Worker running projections')));
      await file('W-2');
      const deadline = Date.now() + 10_000;
      let ids: string[] = [];
      while (ids.length < 2 && Date.now() < deadline) {
        ids = (await list.list({}, 10)).items.map((item) => item.complaintId).sort();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(ids).toEqual(['W-1', 'W-2']);
      worker.child.kill('SIGTERM');
      await worker.exited();
      // A clean stop releases the lease at once, so another worker need not wait for it to expire.
      expect(await redis.exists(`${prefix}:projection:complaint-list:lease`)).toBe(0);
    } finally {
      await deleteRedisKeys(REDIS_URL, prefix);
      redis.disconnect();
      await store.close();
      dir.remove();
    }
  });
});
