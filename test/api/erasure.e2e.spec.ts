import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StreamWriter, eraseCustomerData, writeCustomerCommand } from '@cl/commands';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import { ERASED, PersonalDataCipher, type DataKeyStore } from '@cl/personal-data';
import { DATA_KEYS } from '@cl/personal-data/nest';
import { openDataKeys } from '@cl/personal-data/sqlite';
import { backupStore, type BackupProgress } from '../../apps/api/src/backup/store-backup';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { eventually } from '../support/eventually';
import { TOKENS } from '../support/http-client';
import { latin1, redisValuesUnder } from '../support/redis-values';
import { expectOk, useTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';

const quietly: BackupProgress = { step: () => undefined, verifying: () => undefined };

const admin = { token: TOKENS.admin };
const analyst = { token: TOKENS.analyst };

/** What one customer wrote or what identifies a person, in every personal field (docs/privacy.md). */
function personal(tag: string) {
  return {
    description: `${tag}-description-5c1e`,
    escalation: `${tag}-escalation-note-5c1e`,
    summary: `${tag}-resolution-summary-5c1e`,
    reopen: `${tag}-reopen-reason-5c1e`,
    callback: `${tag}-callback-notes-5c1e`,
    comment: `${tag}-survey-comment-5c1e`,
    contact: `${tag}-contact-5c1e`,
    rootCause: `${tag}-root-cause-note-5c1e`,
    segment: `${tag}-segment-5c1e`,
  };
}

/**
 * Erasure on request (POST /customers/:id/erasure) and by retention (npm run erase), against
 * the real service, SQLite files and Redis (docs/privacy.md): the erased customer's clear
 * values and deleted key bytes are in no file and no Redis key afterwards, the other
 * customer's still read, figures and the audit are unchanged.
 */
describeSqliteFile('erasure of a customer’s personal data', () => {
  const service = useTestApp();
  const { http } = service;
  const erased = personal('Erased');
  const kept = personal('Kept');
  const day = 86_400_000;
  const period = `from=${new Date(Date.now() - day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}`;

  async function record(customerId: string, complaintId: string, values: ReturnType<typeof personal>) {
    const ok = async (answer: Promise<{ status: number; text: string }>) => {
      const { status, text } = await answer;
      if (status >= 300) throw new Error(`${status} ${text}`);
    };
    await ok(
      http('POST', '/complaints', {
        body: {
          complaintId,
          customerId,
          channel: 'phone',
          category: 'billing',
          severity: 'high',
          description: values.description,
          branchId: 'BR-1',
        },
      }),
    );
    await ok(http('POST', `/complaints/${complaintId}/escalation`, { body: { note: values.escalation } }));
    await ok(
      http('POST', `/complaints/${complaintId}/resolution`, {
        body: { resolutionType: 'apology', summary: values.summary },
      }),
    );
    await ok(http('POST', `/complaints/${complaintId}/reopen`, { body: { reason: values.reopen } }));
    await ok(
      http('POST', `/complaints/${complaintId}/resolution`, {
        body: {
          resolutionType: 'refund',
          summary: values.summary,
          compensation: { amount: 5, currency: 'EUR' },
        },
      }),
    );
    await ok(
      http('POST', `/complaints/${complaintId}/callbacks`, {
        body: { reached: true, attitude: 'satisfied', notes: values.callback },
      }),
    );
    await ok(
      http('POST', `/complaints/${complaintId}/satisfaction`, {
        body: {
          respondent: { contactId: values.contact, role: 'primary' },
          score: 4,
          comment: values.comment,
        },
      }),
    );
    await ok(
      http('POST', `/complaints/${complaintId}/root-cause`, {
        body: { cause: 'billing_error', note: values.rootCause },
      }),
    );
    await ok(http('PUT', `/customers/${customerId}/profile`, { body: { segment: values.segment } }));
    await ok(
      http('POST', `/customers/${customerId}/purchases`, {
        body: { orderId: `${complaintId}-O`, amount: 30, currency: 'EUR' },
      }),
    );
  }

  /** The figures erasure must leave as they are: funnel, problems, the return, both customers' risk. */
  async function figures(): Promise<unknown[]> {
    await service.projectionsCaughtUp();
    const answers = await Promise.all([
      http('GET', `/analytics/funnel?${period}`, analyst),
      http('GET', `/analytics/problems?${period}&by=category`, analyst),
      http('GET', `/analytics/complaints-return?${period}&by=category`, analyst),
      http('GET', '/customers/CU-E/risk', analyst),
      http('GET', '/customers/CU-K/risk', analyst),
    ]);
    for (const answer of answers) expect(answer.status).toBe(200);
    // Without asOf: now, which moves between the two readings.
    return answers.map(({ body }) => ({ ...body, asOf: undefined }));
  }

  const redisValues = () => redisValuesUnder(service.config.redisUrl, service.config.redisPrefix);

  const dataFile = (name: string) => join(service.config.dataDir, name);
  /** The raw bytes of the store's and the key store's files (and their WALs), as they are on disk. */
  const storeFiles = () =>
    ['events.db', 'events.db-wal', 'keys.db', 'keys.db-wal']
      .filter((name) => existsSync(dataFile(name)))
      .map((name) => ({ name, bytes: readFileSync(dataFile(name)) }));

  function keysOf(customerId: string): Buffer[] {
    const db = new Database(dataFile('keys.db'), { readonly: true });
    try {
      return (
        db.prepare('SELECT key FROM data_keys WHERE customer_id = ?').all(customerId) as { key: Buffer }[]
      ).map((row) => row.key);
    } finally {
      db.close();
    }
  }

  it('erases on request: [erased] everywhere for that customer only, no clear value or key byte left, figures and the audit unchanged', async () => {
    await record('CU-E', 'ER-1', erased);
    await record('CU-K', 'KP-1', kept);
    const before = await figures();
    const erasedKeys = keysOf('CU-E');
    expect(erasedKeys).toHaveLength(1);
    expect(erasedKeys[0]).toHaveLength(32);
    expect((await http('GET', '/complaints/ER-1')).body.description).toBe(erased.description);

    // Refused before anything is touched: not an admin, no reason.
    expect((await http('POST', '/customers/CU-E/erasure', { body: { reason: 'x' } })).status).toBe(403);
    expect((await http('POST', '/customers/CU-E/erasure', { ...admin, body: {} })).status).toBe(400);
    expect((await http('POST', '/customers/CU-E/erasure', { ...admin, body: { reason: '' } })).status).toBe(
      400,
    );
    expect(keysOf('CU-E')).toEqual(erasedKeys);
    const streamBefore = await service.store.readStream('customer-CU-E');
    const backups = makeTempDir('erasure-backups');
    await backupStore(service.config.dataDir, join(backups.path, 'before'), quietly, 'test');

    const request = {
      ...admin,
      body: { reason: 'request R-17' },
      headers: { 'idempotency-key': 'erase-CU-E' },
    };
    const erasure = await http('POST', '/customers/CU-E/erasure', request);
    expect(erasure.status).toBe(202);
    expect(erasure.body).toEqual({
      customerId: 'CU-E',
      revision: streamBefore.length,
      position: expect.stringMatching(/^\d+$/),
      erasedKeys: 1,
    });
    const replay = await http('POST', '/customers/CU-E/erasure', request);
    expect([replay.status, replay.body]).toEqual([202, erasure.body]);

    const view = (await http('GET', '/complaints/ER-1')).body;
    expect(view.description).toBe('[erased]');
    // The complaint list keeps the fields sealed and opens them as it answers.
    await service.projectionsCaughtUp();
    const listed = (await http('GET', '/complaints?limit=10')).body.items as {
      complaintId: string;
      description: string;
    }[];
    expect(listed.map((item) => [item.complaintId, item.description])).toEqual([
      ['KP-1', kept.description],
      ['ER-1', '[erased]'],
    ]);
    expect(view.rootCause.note).toBe('[erased]');
    expect(view.satisfaction[0].respondent.contactId).toBe('[erased]');
    const other = (await http('GET', '/complaints/KP-1')).body;
    expect(other.description).toBe(kept.description);
    expect(other.rootCause.note).toBe(kept.rootCause);
    expect(other.satisfaction[0].respondent.contactId).toBe(kept.contact);

    const files = storeFiles();
    expect(files.map((file) => file.name)).toEqual(expect.arrayContaining(['events.db', 'keys.db']));
    for (const { name, bytes } of files) {
      for (const value of Object.values(erased)) expect([name, bytes.includes(value)]).toEqual([name, false]);
      for (const key of erasedKeys) expect([name, bytes.includes(key)]).toEqual([name, false]);
    }
    // The other customer's key is still there (the scan would see a key that was).
    expect(files.find((file) => file.name === 'keys.db')!.bytes.includes(keysOf('CU-K')[0])).toBe(true);
    const redis = await redisValues();
    expect(redis.length).toBeGreaterThan(0);
    for (const value of Object.values(erased)) expect([value, redis.includes(value)]).toEqual([value, false]);
    for (const key of erasedKeys) expect(redis.includes(latin1(key))).toBe(false);

    expect(await figures()).toEqual(before);

    // A backup taken after the erasure holds none of it either.
    await backupStore(service.config.dataDir, join(backups.path, 'after'), quietly, 'test');
    for (const name of readdirSync(join(backups.path, 'after'))) {
      const bytes = readFileSync(join(backups.path, 'after', name));
      for (const value of Object.values(erased)) expect([name, bytes.includes(value)]).toEqual([name, false]);
      for (const key of erasedKeys) expect([name, bytes.includes(key)]).toEqual([name, false]);
    }
    // A backup taken before holds the key of its day (docs/privacy.md: backups expire within
    // the erasure deadline): its events read with the current key file show the fields erased.
    const olderEvents = await eventsOfBackup(join(backups.path, 'before'), 'complaint-ER-1');
    const withItsOwnKeys = await openedWith(join(backups.path, 'before'), olderEvents);
    const withCurrentKeys = await openedWith(service.config.dataDir, olderEvents);
    expect(withItsOwnKeys[0].data.description).toBe(erased.description);
    expect(withCurrentKeys.map((event) => event.type)).toEqual(olderEvents.map((event) => event.type));
    expect(withCurrentKeys[0].data.description).toBe(ERASED);
    const shown = JSON.stringify(withCurrentKeys.map((event) => event.data));
    for (const value of Object.values(erased)) expect([value, shown.includes(value)]).toEqual([value, false]);
    backups.remove();

    const verify = await http('GET', '/audit/verify', { token: TOKENS.auditor });
    expect([verify.status, verify.body.valid]).toEqual([200, true]);

    // A second erasure changes nothing.
    const head = await service.store.headPosition();
    const again = await http('POST', '/customers/CU-E/erasure', { ...admin, body: { reason: 'again' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...erasure.body, erasedKeys: 0 });
    expect(await service.store.headPosition()).toBe(head);

    // A customer the log does not name: a record of the request.
    const unknown = await http('POST', '/customers/CU-NONE/erasure', {
      ...admin,
      body: { reason: 'request R-18' },
    });
    expect([unknown.status, unknown.body.erasedKeys, unknown.body.revision]).toEqual([202, 0, 0]);

    const feed = await http('GET', '/events?types=CustomerDataErased', { token: TOKENS.integrator });
    expect(feed.status).toBe(200);
    expect(
      (feed.body.events as { streamId: string; type: string }[]).map(({ streamId, type }) => [
        streamId,
        type,
      ]),
    ).toEqual([
      ['customer-CU-E', 'CustomerDataErased'],
      ['customer-CU-NONE', 'CustomerDataErased'],
    ]);
  });

  it('npm run erase -- --inactive-before erases the customers inactive since, beside the running service', async () => {
    const old = personal('Old');
    // A customer whose last event was in 2020, and one active now (CU-K, from the test above).
    const filed = await http('POST', '/complaints', {
      body: {
        complaintId: 'OLD-1',
        customerId: 'CU-OLD',
        channel: 'web',
        category: 'delivery',
        severity: 'low',
        description: old.description,
        occurredAt: '2020-01-10T09:00:00Z',
      },
    });
    expect(filed.status).toBe(201);
    expect((await http('GET', '/complaints/OLD-1')).body.description).toBe(old.description);

    const child = spawnTypeScript('apps/api/src/erasure/erase.cli.ts', ['--inactive-before', '2021-01-01'], {
      DATA_DIR: service.config.dataDir,
    });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect([code, err]).toEqual([0, expect.stringMatching(/scan: +100\.0%/)]);
    expect(out).toBe('Erased 1 customers inactive before 2021-01-01\n');

    const [last] = await service.store.readStream('customer-CU-OLD');
    expect(last).toMatchObject({
      type: 'CustomerDataErased',
      data: { customerId: 'CU-OLD', reason: 'retention: no activity since before 2021-01-01' },
      metadata: { actor: { id: 'retention', role: 'system' } },
    });
    expect(keysOf('CU-OLD')).toEqual([]);
    expect(keysOf('CU-K')).toHaveLength(1);
    // This process trusts a key it read for up to 5 s (BoundedKeyCache) after another erased it.
    await eventually(async () => (await http('GET', '/complaints/OLD-1')).body.description === '[erased]');
    expect((await http('GET', '/complaints/KP-1')).body.description).toBe(kept.description);

    // npm run audit -- verify: every chain and seal still verifies without the erased keys.
    const verifier = new LineCollector(
      spawnTypeScript('apps/api/src/audit/audit.cli.ts', ['verify', '--json'], {
        DATA_DIR: service.config.dataDir,
      }),
    );
    expect(await verifier.exited()).toBe(0);
    expect(JSON.parse(verifier.lines.join('\n'))).toMatchObject({ valid: true });

    // The audit export made afterwards: the erased customers' fields are "[erased]", the
    // other's still read, and the sealed values an auditor hashes are all there.
    const exporter = new LineCollector(
      spawnTypeScript('apps/api/src/audit/audit.cli.ts', ['export'], { DATA_DIR: service.config.dataDir }),
    );
    expect(await exporter.exited()).toBe(0);
    const exported = exporter.lines.join('\n');
    for (const value of [...Object.values(erased), old.description]) {
      expect([value, exported.includes(value)]).toEqual([value, false]);
    }
    expect(exported).toContain(kept.description);
    const filing = exporter.lines
      .map((line) => JSON.parse(line) as { streamId: string; type: string; data: { description?: string } })
      .filter((event) => event.type === 'ComplaintFiled')
      .map((event) => [event.streamId, event.data.description]);
    expect(filing).toEqual([
      ['complaint-ER-1', ERASED],
      ['complaint-KP-1', kept.description],
      ['complaint-OLD-1', ERASED],
    ]);
  });
});

/**
 * An erasure that crashed (kill -9) after deleting the keys and before recording
 * CustomerDataErased, for a customer erased before who got new personal data since: the key
 * store keeps the erasure pending, so the retry over HTTP, or npm run erase, announces it
 * although an earlier erasure is recorded and no key is left.
 */
describeSqliteFile('an erasure that crashed between deleting the keys and recording it', () => {
  const service = useTestApp();
  const { http } = service;

  const keyCount = (customerId: string): number => {
    const db = new Database(join(service.config.dataDir, 'keys.db'), { readonly: true });
    try {
      return (
        db.prepare('SELECT count(*) AS n FROM data_keys WHERE customer_id = ?').get(customerId) as {
          n: number;
        }
      ).n;
    } finally {
      db.close();
    }
  };

  /** Runs the erasure in a child process and kills it (SIGKILL) once the keys are deleted, before it records anything. */
  async function crashedErasure(customerId: string): Promise<void> {
    const child = new LineCollector(
      spawnTypeScript('test/api/children/erase-then-hang.ts', [service.config.dataDir, customerId], {
        DATA_DIR: service.config.dataDir,
      }),
    );
    await child.waitFor(() => child.lines.includes('keys erased'));
    child.child.kill('SIGKILL');
    await child.exited();
    expect(child.child.signalCode).toBe('SIGKILL');
  }

  const erasuresOf = async (customerId: string) =>
    (await service.store.readStream(`customer-${customerId}`)).filter(
      (event) => event.type === 'CustomerDataErased',
    );

  it('the retry over HTTP records a second CustomerDataErased', async () => {
    await expectOk(
      http('POST', '/complaints', {
        body: {
          complaintId: 'AG-1',
          customerId: 'CU-AGAIN',
          channel: 'phone',
          category: 'billing',
          severity: 'low',
          description: 'Again-first-description-5c1e',
        },
      }),
    );
    const first = await http('POST', '/customers/CU-AGAIN/erasure', {
      ...admin,
      body: { reason: 'request R-1' },
    });
    expect([first.status, first.body.erasedKeys]).toEqual([202, 1]);

    // New personal data after the erasure: a new key.
    await expectOk(http('PUT', '/customers/CU-AGAIN/profile', { body: { segment: 'Again-segment-5c1e' } }));
    expect(keyCount('CU-AGAIN')).toBe(1);
    const newData = await service.store.headPosition();

    await crashedErasure('CU-AGAIN');
    expect(keyCount('CU-AGAIN')).toBe(0);
    expect(await erasuresOf('CU-AGAIN')).toHaveLength(1); // erased, not announced

    const retry = await http('POST', '/customers/CU-AGAIN/erasure', {
      ...admin,
      body: { reason: 'request R-2' },
    });
    expect([retry.status, retry.body.erasedKeys]).toEqual([202, 0]);
    expect(BigInt(retry.body.position as string)).toBeGreaterThan(newData);

    const feed = await http('GET', '/events?types=CustomerDataErased', { token: TOKENS.integrator });
    expect(feed.status).toBe(200);
    expect(
      (feed.body.events as { streamId: string; data: { reason: string } }[])
        .filter((event) => event.streamId === 'customer-CU-AGAIN')
        .map((event) => event.data.reason),
    ).toEqual(['request R-1', 'request R-2']);

    // Announced: the next erasure is a repeat that changes nothing.
    const head = await service.store.headPosition();
    const again = await http('POST', '/customers/CU-AGAIN/erasure', {
      ...admin,
      body: { reason: 'request R-3' },
    });
    expect([again.status, again.body.erasedKeys]).toEqual([200, 0]);
    expect(await service.store.headPosition()).toBe(head);
  });

  it('npm run erase announces it for an inactive customer, and one an older version left unmarked', async () => {
    const writer = service.app.get(StreamWriter);
    const keys = service.app.get<DataKeyStore>(DATA_KEYS);
    for (const customerId of ['CU-LAPSED', 'CU-LEGACY']) {
      await expectOk(
        http('POST', '/complaints', {
          body: {
            complaintId: `${customerId}-C1`,
            customerId,
            channel: 'web',
            category: 'delivery',
            severity: 'low',
            description: `${customerId}-description-5c1e`,
            occurredAt: '2020-01-10T09:00:00Z',
          },
        }),
      );
      // Erased in 2020, as the route did it then (its business time is now: set it back).
      const { result } = await eraseCustomerData(keys, customerId, 'request 2020', (command) =>
        writeCustomerCommand(writer, customerId, command, {
          actor: { id: 'admin-1', role: 'admin' },
          correlationId: randomUUID(),
          causationId: randomUUID(),
          occurredAt: '2020-02-01T09:00:00.000Z',
        }),
      );
      expect(result.events).toHaveLength(1);
      // New personal data after it, still in 2020.
      await expectOk(
        http('PUT', `/customers/${customerId}/profile`, {
          body: { segment: `${customerId}-segment-5c1e`, occurredAt: '2020-03-01T09:00:00Z' },
        }),
      );
      expect(keyCount(customerId)).toBe(1);
    }
    await crashedErasure('CU-LAPSED');
    // The version before this one crashed the same way but kept no pending erasure: the keys
    // deleted, nothing else.
    const db = new Database(join(service.config.dataDir, 'keys.db'));
    try {
      db.prepare('DELETE FROM data_keys WHERE customer_id = ?').run('CU-LEGACY');
    } finally {
      db.close();
    }
    expect([keyCount('CU-LAPSED'), keyCount('CU-LEGACY')]).toEqual([0, 0]);

    const child = new LineCollector(
      spawnTypeScript('apps/api/src/erasure/erase.cli.ts', ['--inactive-before', '2021-01-01'], {
        DATA_DIR: service.config.dataDir,
      }),
    );
    expect(await child.exited()).toBe(0);
    expect(child.lines).toEqual(['Erased 2 customers inactive before 2021-01-01']);
    for (const customerId of ['CU-LAPSED', 'CU-LEGACY']) {
      expect((await erasuresOf(customerId)).map((event) => event.data.reason)).toEqual([
        'request 2020',
        'retention: no activity since before 2021-01-01',
      ]);
    }
    // CU-AGAIN (active now) is left alone.
    expect(await erasuresOf('CU-AGAIN')).toHaveLength(2);
  });
});

/**
 * `npm run audit -- export` on a DATA_DIR whose events.db holds sealed fields but which has no
 * keys.db: a reader creates no file, so it opens no key store and shows every personal field
 * "[erased]" (docs/audit.md). The same events.db beside its keys.db exports them in clear.
 */
describeSqliteFile('npm run audit -- export without a key store', () => {
  const service = useTestApp();
  const { http } = service;

  async function exported(dataDir: string): Promise<{
    code: number | null;
    filed: { data: { description: string }; sealed?: Record<string, string> };
  }> {
    const exporter = new LineCollector(
      spawnTypeScript('apps/api/src/audit/audit.cli.ts', ['export', '--stream', 'complaint-NK-1'], {
        DATA_DIR: dataDir,
      }),
    );
    const code = await exporter.exited();
    const events = exporter.lines.map(
      (line) =>
        JSON.parse(line) as { type: string; data: { description: string }; sealed?: Record<string, string> },
    );
    return { code, filed: events.find((event) => event.type === 'ComplaintFiled')! };
  }

  it('creates no keys.db and exports every sealed field as "[erased]"', async () => {
    await expectOk(
      http('POST', '/complaints', {
        body: {
          complaintId: 'NK-1',
          customerId: 'CU-NK',
          channel: 'web',
          category: 'delivery',
          severity: 'low',
          description: 'NoKeys-description-5c1e',
        },
      }),
    );
    const backups = makeTempDir('no-keys');
    try {
      await backupStore(service.config.dataDir, join(backups.path, 'backup'), quietly, 'test');
      // A DATA_DIR with the store and no key store.
      const dataDir = join(backups.path, 'data');
      mkdirSync(dataDir);
      copyFileSync(join(backups.path, 'backup', 'events.db'), join(dataDir, 'events.db'));

      const withoutKeys = await exported(dataDir);
      expect(withoutKeys.code).toBe(0);
      expect(readdirSync(dataDir).filter((name) => name.startsWith('keys.db'))).toEqual([]);
      expect(withoutKeys.filed.data.description).toBe(ERASED);
      expect(withoutKeys.filed.sealed?.description).toMatch(/^pd1\./);

      // The control: with the key store beside it, the same field opens, and the export reads
      // keys.db without changing it (its bytes, or the mode an auditor's copy was given).
      const keysPath = join(dataDir, 'keys.db');
      copyFileSync(join(backups.path, 'backup', 'keys.db'), keysPath);
      chmodSync(keysPath, 0o640);
      const before = readFileSync(keysPath);
      const withKeys = await exported(dataDir);
      expect(withKeys.code).toBe(0);
      expect(withKeys.filed.data.description).toBe('NoKeys-description-5c1e');
      expect(withKeys.filed.sealed).toEqual(withoutKeys.filed.sealed);
      expect((statSync(keysPath).mode & 0o777).toString(8)).toBe('640');
      expect(readFileSync(keysPath).equals(before)).toBe(true);
    } finally {
      backups.remove();
    }
  });
});

/** The stored events of one stream of a backup's events.db. */
async function eventsOfBackup(directory: string, streamId: string) {
  const store = SqliteEventStore.open({ path: join(directory, 'events.db') });
  try {
    return await store.readStream(streamId);
  } finally {
    await store.close();
  }
}

/** Events opened with the key file of a directory (DATA_DIR or a backup). */
async function openedWith(directory: string, events: Awaited<ReturnType<typeof eventsOfBackup>>) {
  const keys = openDataKeys(directory);
  try {
    return await new PersonalDataCipher(keys).open(events);
  } finally {
    keys.close();
  }
}
