import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { readStoreId, SqliteEventStore } from '@cl/event-store/sqlite';
import { SqliteDataKeyStore } from '@cl/personal-data/sqlite';
import { appendChained } from '../support/chained-events';
import { spawnTypeScript } from '../support/child-process';
import { API_KEYS, TOKENS } from '../support/http-client';
import { startServiceProcess, stopService } from '../support/service-process';
import { deleteRedisKeys } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WRITERS = 64;

/**
 * npm run backup while 64 writers file complaints, and npm run restore of it into the stopped
 * service (docs/operations.md, "Operating it"): the copy verifies and holds every acknowledged
 * event; restore refuses a running service and a changed backup, and changes nothing then.
 */
/** Runs `npm run backup` or `npm run restore` on DATA_DIR as a child process: its exit code and output. */
async function runBackupCli(
  cli: 'backup' | 'restore',
  args: string[],
  dataDir: string,
): Promise<{ code: number | null; out: string }> {
  const child = spawnTypeScript(`apps/api/src/backup/${cli}.cli.ts`, args, { DATA_DIR: dataDir });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out };
}

describeSqliteFile('npm run backup and npm run restore', () => {
  const work = makeTempDir('backup');
  const dataDir = join(work.path, 'data');
  const backupDir = join(work.path, 'backup');
  const storePath = join(dataDir, 'events.db');
  const redisPrefix = `test-${randomUUID().slice(0, 8)}`;
  const env = { API_KEYS, DATA_DIR: dataDir, REDIS_PREFIX: redisPrefix, PORT: '0', AUDIT_SEAL_EVERY: '200' };
  let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
  afterAll(async () => {
    await stopService(service?.server);
    await deleteRedisKeys(REDIS_URL, redisPrefix);
    work.remove();
  });

  const run = (cli: 'backup' | 'restore', args: string[]) => runBackupCli(cli, args, dataDir);

  it('backs up under 64 writers, verified, with every acknowledged event; restores only a stopped service and an unchanged backup', async () => {
    service = await startServiceProcess(env);
    const { http } = service;
    const acknowledged: string[] = [];
    let writing = true;
    const writers = Array.from({ length: WRITERS }, async (_, writer) => {
      for (let n = 0; writing; n++) {
        const complaintId = `B-${writer}-${n}`;
        const answer = await http('POST', '/complaints', {
          body: {
            complaintId,
            customerId: `CU-B${writer}`,
            channel: 'web',
            category: 'delivery',
            severity: 'low',
            description: 'Late',
          },
        });
        if (answer.status !== 201) throw new Error(`${answer.status} ${answer.text}`);
        acknowledged.push(complaintId);
      }
    });
    // Under way: at least 500 filed and a seal written (the sealer seals every 200 events).
    while (acknowledged.length < 500 || !sealed()) await new Promise((resolve) => setTimeout(resolve, 50));
    const beforeBackup = [...acknowledged];
    const backup = await run('backup', [backupDir]);
    writing = false;
    await Promise.all(writers);
    expect(backup.out).toMatch(/verified/);
    expect(backup.code).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(beforeBackup.length); // the writers went on meanwhile

    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    const copy = new Database(join(backupDir, 'events.db'), { readonly: true });
    const copied = new Set(
      (
        copy.prepare("SELECT stream_id FROM events WHERE type = 'ComplaintFiled'").all() as {
          stream_id: string;
        }[]
      ).map((row) => row.stream_id),
    );
    const head = (copy.prepare('SELECT max(position) AS head FROM events').get() as { head: number }).head;
    copy.close();
    expect(beforeBackup.filter((id) => !copied.has(`complaint-${id}`))).toEqual([]);
    expect(manifest).toMatchObject({ headPosition: String(head), version: expect.any(String) });
    expect(Number(manifest.lastSealPosition)).toBeGreaterThan(0);
    expect(Object.keys(manifest.files).sort()).toEqual([
      'actor-id.key',
      'events.db',
      'keys.db',
      'subscription-secret.key',
    ]);
    expect(manifest.dataKeys).toBe('keys.db');
    // Every customer whose description the copy holds sealed has its key in the copy's keys.db.
    const copiedKeys = new Database(join(backupDir, 'keys.db'), { readonly: true });
    const keyed = new Set(
      (copiedKeys.prepare('SELECT customer_id FROM data_keys').all() as { customer_id: string }[]).map(
        (row) => row.customer_id,
      ),
    );
    copiedKeys.close();
    expect(keyed.size).toBeGreaterThan(0);
    expect(keyed.has(`CU-B0`)).toBe(true);
    // An erasure after the backup: restore must not bring the customer's key back.
    const erasure = await service.http('POST', '/customers/CU-B1/erasure', {
      token: TOKENS.admin,
      body: { reason: 'request R-1' },
    });
    expect(erasure.status).toBe(202);
    const originalStoreId = currentStoreId();
    expect(manifest.storeId).toBe(originalStoreId);

    // A running service: refused, nothing changed.
    const whileRunning = await run('restore', [backupDir]);
    expect(whileRunning.code).toBe(2);
    expect(whileRunning.out).toMatch(/stop it/);
    expect(currentStoreId()).toBe(originalStoreId);

    await stopService(service.server);
    service = undefined;

    // One byte changed in a copy of the backup: refused, nothing changed.
    const tampered = join(work.path, 'tampered');
    cpSync(backupDir, tampered, { recursive: true });
    flipOneByte(join(tampered, 'events.db'));
    const refused = await run('restore', [tampered]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/events\.db was changed/);
    expect(currentStoreId()).toBe(originalStoreId);
    expect(readdirSync(dataDir).filter((name) => name.includes('replaced'))).toEqual([]);

    expect((await run('restore', [])).code).toBe(2);

    // The generated actor secret comes back with the store (the same unnamed actors' ids).
    rmSync(join(dataDir, 'actor-id.key'));
    const restored = await run('restore', [backupDir]);
    expect(restored.code).toBe(0);
    expect(readFileSync(join(dataDir, 'actor-id.key'))).toEqual(
      readFileSync(join(backupDir, 'actor-id.key')),
    );
    expect(statSync(join(dataDir, 'actor-id.key')).mode & 0o777).toBe(0o600);
    const newStoreId = currentStoreId();
    expect(newStoreId).not.toBe(originalStoreId);
    const aside = readdirSync(dataDir).filter((name) => name.startsWith('events.db.replaced-'));
    expect(aside).toHaveLength(1);
    expect(existsSync(join(dataDir, aside[0]))).toBe(true);
    // The data keys are installed too, the current ones kept aside, without the key of the
    // customer erased after the backup.
    expect(readdirSync(dataDir).filter((name) => name.startsWith('keys.db.replaced-'))).toHaveLength(1);
    const restoredKeys = new Database(join(dataDir, 'keys.db'), { readonly: true });
    const restoredKeyed = (
      restoredKeys.prepare('SELECT customer_id FROM data_keys').all() as { customer_id: string }[]
    ).map((row) => row.customer_id);
    restoredKeys.close();
    expect(restoredKeyed.sort()).toEqual([...keyed].filter((id) => id !== 'CU-B1').sort());
    expect(restored.out).toMatch(/1 customers were erased after the backup was taken.*CU-B1/);

    service = await startServiceProcess(env);
    const verify = await service.http('GET', '/audit/verify', { token: TOKENS.auditor });
    expect(verify.status).toBe(200);
    expect(verify.body.valid).toBe(true);
    for (const complaintId of [...beforeBackup.slice(0, 20), 'B-1-0']) {
      const complaint = await service.http('GET', `/complaints/${complaintId}`);
      expect(complaint.status).toBe(200);
      // Opened with the restored key; erased for the customer erased after the backup.
      expect(complaint.body.description).toBe(complaintId.startsWith('B-1-') ? '[erased]' : 'Late');
    }
    const afterBackup = acknowledged.filter((id) => !copied.has(`complaint-${id}`));
    expect(afterBackup.length).toBeGreaterThan(0);
    expect((await service.http('GET', `/complaints/${afterBackup[afterBackup.length - 1]}`)).status).toBe(
      404,
    );
  }, 180_000);

  it('refuses to call a copy of an altered log a backup (exit 1, no manifest)', async () => {
    const altered = makeTempDir('altered');
    try {
      const store = SqliteEventStore.open({ path: join(altered.path, 'events.db') });
      await appendChained(store, 'complaint-A', [
        { type: 'ComplaintFiled', data: { round: 1 } },
        { type: 'ComplaintNoted', data: { round: 2 } },
      ]);
      await store.close();
      const db = new Database(join(altered.path, 'events.db'));
      db.exec("UPDATE events SET data = json_set(data, '$.round', 99) WHERE revision = 1");
      db.close();
      const target = join(altered.path, 'backup');
      const child = spawnTypeScript('apps/api/src/backup/backup.cli.ts', [target], {
        DATA_DIR: altered.path,
      });
      let out = '';
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
      expect(out).toMatch(/does not verify: the hash chain of complaint-A breaks at revision 1/);
      expect(existsSync(join(target, 'manifest.json'))).toBe(false);
    } finally {
      altered.remove();
    }
  });

  function sealed(): boolean {
    const db = new Database(storePath, { readonly: true });
    try {
      return db.prepare("SELECT 1 FROM events WHERE stream_id = 'audit-seals' LIMIT 1").get() !== undefined;
    } finally {
      db.close();
    }
  }

  function currentStoreId(): string | undefined {
    const db = new Database(storePath, { readonly: true });
    try {
      return readStoreId(db);
    } finally {
      db.close();
    }
  }
});

/**
 * An erasure that deleted the customer's keys in the live keys.db but was never recorded (the
 * service stopped between the two): restore must not bring those keys back from the backup.
 */
describeSqliteFile('npm run restore after an erasure left pending in the replaced key store', () => {
  const work = makeTempDir('restore-pending');
  const dataDir = join(work.path, 'data');
  const backupDir = join(work.path, 'backup');
  const redisPrefix = `test-${randomUUID().slice(0, 8)}`;
  const env = { API_KEYS, DATA_DIR: dataDir, REDIS_PREFIX: redisPrefix, PORT: '0' };
  let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
  afterAll(async () => {
    await stopService(service?.server);
    await deleteRedisKeys(REDIS_URL, redisPrefix);
    work.remove();
  });

  const run = (cli: 'backup' | 'restore', args: string[]) => runBackupCli(cli, args, dataDir);

  /** The customers keys.db of DATA_DIR holds keys of, and those whose erasure it keeps pending. */
  function keyStoreRows(): { keyed: string[]; pending: string[] } {
    const db = new Database(join(dataDir, 'keys.db'), { readonly: true });
    try {
      const customers = (sql: string) =>
        (db.prepare(sql).all() as { customer_id: string }[]).map((row) => row.customer_id).sort();
      return {
        keyed: customers('SELECT DISTINCT customer_id FROM data_keys'),
        pending: customers('SELECT customer_id FROM pending_erasures'),
      };
    } finally {
      db.close();
    }
  }

  it('deletes the keys again, keeps the erasure pending in the restored keys and names the customer; a later erasure announces it', async () => {
    service = await startServiceProcess(env);
    for (const customerId of ['CU-P', 'CU-K']) {
      const filed = await service.http('POST', '/complaints', {
        body: {
          complaintId: `${customerId}-1`,
          customerId,
          channel: 'web',
          category: 'delivery',
          severity: 'low',
          description: `${customerId}-description`,
        },
      });
      expect(filed.status).toBe(201);
    }
    const backup = await run('backup', [backupDir]);
    expect(backup.code).toBe(0);
    await stopService(service.server);
    service = undefined;
    expect(keyStoreRows()).toEqual({ keyed: ['CU-K', 'CU-P'], pending: [] });

    // The crash case: the keys deleted (the erasure pending), CustomerDataErased never recorded.
    const keys = new SqliteDataKeyStore(join(dataDir, 'keys.db'));
    try {
      expect(await keys.erase('CU-P')).toBe(1);
    } finally {
      keys.close();
    }
    expect(keyStoreRows()).toEqual({ keyed: ['CU-K'], pending: ['CU-P'] });

    const restored = await run('restore', [backupDir]);
    expect(restored.code).toBe(0);
    expect(keyStoreRows()).toEqual({ keyed: ['CU-K'], pending: ['CU-P'] });
    expect(restored.out).toMatch(/1 customers' erasures were pending in the replaced key store.*: CU-P\n/);
    expect(restored.out).not.toMatch(/customers were erased after the backup was taken/);

    // The restored service shows the fields erased, and the erasure posted again announces it.
    service = await startServiceProcess(env);
    expect((await service.http('GET', '/complaints/CU-P-1')).body.description).toBe('[erased]');
    expect((await service.http('GET', '/complaints/CU-K-1')).body.description).toBe('CU-K-description');
    const erasure = await service.http('POST', '/customers/CU-P/erasure', {
      token: TOKENS.admin,
      body: { reason: 'request R-1, again after the restore' },
    });
    expect([erasure.status, erasure.body.erasedKeys]).toEqual([202, 0]);
    expect(keyStoreRows()).toEqual({ keyed: ['CU-K'], pending: [] });
  }, 120_000);
});

/** Changes one byte in the middle of the file. */
function flipOneByte(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const middle = Math.floor(fstatSync(fd).size / 2);
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, middle);
    byte[0] ^= 0xff;
    writeSync(fd, byte, 0, 1, middle);
  } finally {
    closeSync(fd);
  }
}
