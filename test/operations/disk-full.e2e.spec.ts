import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startPrivateRedis } from '../support/private-redis';
import { startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';
import { eventually } from '../support/webhook-receiver';

const ADMIN = { authorization: `Bearer ${TOKENS.admin}` };

/** A small tmpfs of the test's own (root only): the disk the store fills up. */
function mountSmallDisk(path: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0700', 'tmpfs', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * docs/operations.md, "Disk full or I/O errors": commands answer 503 with Retry-After and write
 * nothing, /health answers 503 saying why, and both recover in the same process once space is freed.
 */
describeSqliteFile('a full disk under the store', () => {
  const work = makeTempDir('disk-full');
  const disk = join(work.path, 'disk');
  mkdirSync(disk);
  const mounted = mountSmallDisk(disk);
  afterAll(() => {
    if (mounted) execFileSync('umount', [disk]);
    work.remove();
  });
  if (!mounted) process.stdout.write('NOTICE: skipped: mounting a tmpfs needs root (the disk-full test)\n');
  const itMounted = mounted ? it : it.skip;

  itMounted(
    'answers 503 and writes nothing while the disk is full, and recovers without a restart',
    async () => {
      const service = await startTestApp({ API_KEYS, DATA_DIR: join(disk, 'data') });
      const http = httpClient(service.url);
      const file = (complaintId: string) =>
        http('POST', '/complaints', {
          body: {
            complaintId,
            customerId: 'CU-FULL',
            channel: 'web',
            category: 'delivery',
            severity: 'low',
            description: 'Late',
          },
        });
      try {
        expect((await file('before')).status).toBe(201);
        const filler = join(disk, 'filler');
        fillUp(filler);

        let firstRefused = 'full-0';
        let answer = await file(firstRefused);
        for (let n = 1; answer.status === 201 && n < 200; n++) {
          firstRefused = `full-${n}`;
          answer = await file(firstRefused);
        }
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(answer.body.message).toMatch(/^The event store cannot write: SQLITE_FULL/);
        for (let n = 0; n < 5; n++) {
          const again = await file(`refused-${n}`);
          expect(again.status).toBe(503);
        }
        // The reason (SQLite's error text) to an admin token only.
        const health = await fetch(`${service.url}/health`);
        expect(health.status).toBe(503);
        expect(((await health.json()) as { eventStore: string }).eventStore).toBe('cannot write');
        const forAdmin = await fetch(`${service.url}/health`, { headers: ADMIN });
        expect(forAdmin.status).toBe(503);
        expect(((await forAdmin.json()) as { eventStore: string }).eventStore).toMatch(
          /^cannot write: SQLITE_FULL/,
        );

        // Nothing of the refused commands is in the store.
        const reader = new Database(join(disk, 'data', 'events.db'), { readonly: true });
        const refusedRows = reader
          .prepare(
            "SELECT count(*) AS n FROM events WHERE stream_id LIKE 'complaint-refused-%' OR stream_id = ?",
          )
          .get(`complaint-${firstRefused}`) as { n: number };
        reader.close();
        expect(refusedRows.n).toBe(0);

        rmSync(filler);
        await eventually(
          async () => (await fetch(`${service.url}/health`)).status === 200,
          10_000,
          '/health 200',
        );
        expect((await file('after')).status).toBe(201);
        expect((await file('refused-0')).status).toBe(201);
      } finally {
        await service.stop();
      }
    },
    60_000,
  );

  itMounted(
    'answers 503 when the Redis on that disk cannot write its append-only file, and recovers',
    async () => {
      const redisDir = join(disk, 'redis');
      mkdirSync(redisDir);
      const redis = await startPrivateRedis(['--appendonly', 'yes', '--dir', redisDir]);
      const service = await startTestApp({ API_KEYS, REDIS_URL: redis.url });
      const http = httpClient(service.url);
      const file = (key: string) =>
        http('POST', '/complaints', {
          headers: { 'idempotency-key': key },
          body: {
            customerId: 'CU-AOF',
            channel: 'web',
            category: 'delivery',
            severity: 'low',
            description: 'Late',
          },
        });
      try {
        expect((await file('before')).status).toBe(201);
        const filler = join(disk, 'filler');
        fillUp(filler);
        let answer = await file('full-0');
        for (let n = 1; answer.status === 201 && n < 200; n++) answer = await file(`full-${n}`);
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('5');
        const health = await fetch(`${service.url}/health`);
        expect(health.status).toBe(503);
        expect(((await health.json()) as { redis: string }).redis).toBe('cannot write');
        const forAdmin = await fetch(`${service.url}/health`, { headers: ADMIN });
        expect(((await forAdmin.json()) as { redis: string }).redis).toMatch(
          /^cannot write: its append-only file/,
        );

        rmSync(filler);
        await eventually(
          async () => (await fetch(`${service.url}/health`)).status === 200,
          15_000,
          '/health 200',
        );
        expect((await file('after')).status).toBe(201);
      } finally {
        await service.stop();
        await redis.stop();
      }
    },
    60_000,
  );
});

/** Writes zeros until the disk says ENOSPC. */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}
