import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { assignNewStoreId } from '@cl/event-store/sqlite';
import { API_KEYS, httpClient } from '../support/http-client';
import { deleteRedisKeys, startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';

/**
 * A stored Idempotency-Key answer belongs to the history it was given in. After the store is
 * restored from a copy older than the answer (the copy gets a new storeId, as `npm run
 * restore` gives it), the answer's events are not in the store: the retry decides again and
 * records the command, instead of replaying an answer for events that no longer exist.
 */
describeSqliteFile('Idempotency-Key answers across a restored store', () => {
  const dir = makeTempDir('idem-restore');
  const redisPrefix = `test-${randomUUID().slice(0, 8)}`;
  const env = { API_KEYS, DATA_DIR: dir.path, REDIS_PREFIX: redisPrefix };
  afterAll(async () => {
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', redisPrefix);
    dir.remove();
  });

  const filing = (complaintId: string) => ({
    complaintId,
    customerId: 'CU-RESTORE',
    channel: 'web',
    category: 'delivery',
    severity: 'high',
    description: 'Parcel lost',
  });
  const keyed = (key: string, body: unknown) => ({ body, headers: { 'idempotency-key': key } });

  it('replays an answer of the same history, and decides again on an answer the restored store lost', async () => {
    const storePath = join(dir.path, 'events.db');
    const copyPath = join(dir.path, 'copy.db');
    let service = await startTestApp(env);
    let http = httpClient(service.url);
    const kept = await http('POST', '/complaints', keyed('k-kept', filing('c-kept')));
    expect(kept.status).toBe(201);
    const source = new Database(storePath, { readonly: true });
    await source.backup(copyPath);
    source.close();
    const lost = await http('POST', '/complaints', keyed('k-lost', filing('c-lost')));
    expect(lost.status).toBe(201);
    expect(
      (await http('POST', '/complaints', keyed('k-lost', filing('c-lost')))).headers.get(
        'idempotent-replayed',
      ),
    ).toBe('true');
    await service.app.close();

    // The restore: the older copy replaces the store, under a new storeId.
    for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
    copyFileSync(copyPath, storePath);
    const restored = new Database(storePath);
    assignNewStoreId(restored);
    restored.close();

    service = await startTestApp(env);
    http = httpClient(service.url);
    try {
      const store = service.app.get<EventStore>(EVENT_STORE);
      expect(await store.readStream('complaint-c-lost')).toEqual([]);

      const retried = await http('POST', '/complaints', keyed('k-lost', filing('c-lost')));
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      expect((await store.readStream('complaint-c-lost')).map((event) => event.type)).toEqual([
        'ComplaintFiled',
      ]);
      // Its new answer is of this history: replayed from now on, and nothing written twice.
      const again = await http('POST', '/complaints', keyed('k-lost', filing('c-lost')));
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(retried.body);
      expect(await store.readStream('complaint-c-lost')).toHaveLength(1);

      // The answer given before the copy was taken is of another storeId too: decided again,
      // it finds its events (ids derived from the key) and answers as before, writing nothing.
      const keptAgain = await http('POST', '/complaints', keyed('k-kept', filing('c-kept')));
      expect(keptAgain.status).toBe(201);
      expect(keptAgain.body).toEqual(kept.body);
      expect(await store.readStream('complaint-c-kept')).toHaveLength(1);
    } finally {
      await service.app.close();
    }
  });
});
