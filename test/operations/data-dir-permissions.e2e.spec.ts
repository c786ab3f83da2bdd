import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirExposures } from '../../apps/api/src/operations/data-dir-permissions';
import { httpClient } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** docs/operations.md, "Files": DATA_DIR 0700, the store and key files 0600, whatever the umask. */
describeSqliteFile('DATA_DIR and its files', () => {
  const work = makeTempDir('modes');
  afterAll(() => work.remove());

  it('are created private, and files made readable before are left as they are and named', async () => {
    const dataDir = join(work.path, 'data');
    const umask = process.umask(0o022);
    let service = await startTestApp({ DATA_DIR: dataDir });
    try {
      const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
      const answer = await httpClient(service.url)('POST', '/complaints', {
        token,
        body: {
          customerId: 'CU-M',
          channel: 'web',
          category: 'delivery',
          severity: 'low',
          description: 'Late',
        },
      });
      expect(answer.status).toBe(201);
      expect(modeOf(dataDir)).toBe('700');
      for (const name of [
        'events.db',
        'events.db-wal',
        'events.db-shm',
        'events.db.lock',
        'keys.db',
        'keys.db-wal',
        'admin-token',
        'subscription-secret.key',
        'actor-id.key',
      ]) {
        expect([name, modeOf(join(dataDir, name))]).toEqual([name, '600']);
      }
      expect(dataDirExposures(dataDir)).toEqual([]);
    } finally {
      await service.stop();
      process.umask(umask);
    }

    chmodSync(join(dataDir, 'events.db'), 0o644);
    chmodSync(dataDir, 0o755);
    service = await startTestApp({ DATA_DIR: dataDir });
    try {
      expect(modeOf(join(dataDir, 'events.db'))).toBe('644');
      const wal = join(dataDir, 'events.db-wal');
      // SQLite gives the -wal file the store file's mode.
      expect(dataDirExposures(dataDir)).toEqual([
        `${dataDir} can be read by other users of this machine (mode 755): chmod 700 ${dataDir}`,
        `${join(dataDir, 'events.db')} can be read by other users of this machine (mode 644): chmod 600 ${join(dataDir, 'events.db')}`,
        `${wal} can be read by other users of this machine (mode 644): chmod 600 ${wal}`,
      ]);
    } finally {
      await service.stop();
    }
  });
});
