import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuditSealer,
  AUDIT_SEALS_STREAM,
  verifyLog,
  type AuditSealed,
  type LogVerification,
} from '@cl/audit';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { RecordedEvent } from '@cl/event-store';
import { appendChained } from '../support/chained-events';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';

const A = 'complaint-A';
const B = 'complaint-B';
const C = 'customer-C';

/**
 * A log of three interleaved streams, sealed every 2 events by the real AuditSealer while it
 * was written, then edited row by row with better-sqlite3 as an intruder would. Every edit is
 * reported at its place: the stream and revision, or the first seal (and its position) the
 * log no longer matches; untouched streams still verify.
 */
describeSqliteFile('tampering with a real SQLite file', () => {
  const dir = makeTempDir('tamper');
  const pristine = join(dir.path, 'pristine', 'events.db');
  let events: RecordedEvent[];
  let seals: AuditSealed[];

  beforeAll(async () => {
    const store = SqliteEventStore.open({ path: pristine });
    const sealer = new AuditSealer(store, { everyEvents: 2, everyMs: 60_000 });
    sealer.start();
    for (let round = 0; round < 6; round++) {
      await appendChained(store, A, [{ type: 'Noted', data: { stream: 'A', round } }]);
      await appendChained(store, B, [{ type: 'Noted', data: { stream: 'B', round } }]);
      if (round < 4) await appendChained(store, C, [{ type: 'Noted', data: { stream: 'C', round } }]);
    }
    const lastWritten = (await store.readAll({ maxCount: 1000 }))
      .filter((e) => e.streamId !== AUDIT_SEALS_STREAM)
      .pop()!;
    // 16 events, a seal every 2: the last seal covers the last event.
    for (let tries = 0; ; tries++) {
      const [last] = await store.readStream(AUDIT_SEALS_STREAM, { direction: 'backwards', maxCount: 1 });
      if (last && BigInt((last.data as unknown as AuditSealed).upToPosition) >= lastWritten.position) break;
      if (tries > 200) throw new Error('The sealer did not seal the log');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await sealer.stop();
    events = await store.readAll({ maxCount: 1000 });
    seals = events
      .filter((e) => e.streamId === AUDIT_SEALS_STREAM)
      .map((e) => e.data as unknown as AuditSealed);
    await store.close();
    expect(seals.length).toBe(8);
  });
  afterAll(() => dir.remove());

  const at = (streamId: string, revision: number) =>
    events.find((event) => event.streamId === streamId && event.revision === revision)!;
  /** upToPosition of the first seal covering `position`: where the log and the seals part. */
  const sealCovering = (position: bigint) =>
    seals.find((seal) => BigInt(seal.upToPosition) >= position)!.upToPosition;

  let copies = 0;
  /** A copy of the pristine file with `sql` applied; its directory is a DATA_DIR. */
  function tampered(sql: string): string {
    const copy = join(dir.path, `copy-${++copies}`);
    mkdirSync(copy);
    copyFileSync(pristine, join(copy, 'events.db'));
    if (existsSync(`${pristine}-wal`)) copyFileSync(`${pristine}-wal`, join(copy, 'events.db-wal'));
    const db = new Database(join(copy, 'events.db'));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return copy;
  }

  async function verify(dataDir: string): Promise<LogVerification> {
    const store = SqliteEventStore.open({ path: join(dataDir, 'events.db'), readOnly: true });
    try {
      return await verifyLog(store);
    } finally {
      await store.close();
    }
  }

  const where = (streamId: string, revision: number) =>
    `stream_id = '${streamId}' AND revision = ${revision}`;

  it('verifies the untouched log: every chain and all 8 seals', async () => {
    expect(await verify(tampered('SELECT 1'))).toEqual({
      valid: true,
      streams: 4,
      events: events.length,
      invalid: [],
      seals: { checked: 8 },
    });
  });

  it.each([
    ['data', A, 2, `UPDATE events SET data = json_set(data, '$.round', 99) WHERE ${where(A, 2)}`],
    ['type', B, 3, `UPDATE events SET type = 'Forged' WHERE ${where(B, 3)}`],
    [
      'occurredAt',
      A,
      1,
      `UPDATE events SET metadata = json_set(metadata, '$.occurredAt', '2020-01-01T00:00:00.000Z') WHERE ${where(A, 1)}`,
    ],
    [
      'actor',
      C,
      0,
      `UPDATE events SET metadata = json_set(metadata, '$.actor.id', 'someone') WHERE ${where(C, 0)}`,
    ],
    [
      'recordedAt',
      B,
      5,
      `UPDATE events SET metadata = json_set(metadata, '$.recordedAt', '2020-01-01T00:00:00.000Z') WHERE ${where(B, 5)}`,
    ],
    [
      'order of two events (revisions swapped)',
      B,
      1,
      `UPDATE events SET revision = -1 WHERE ${where(B, 1)};
       UPDATE events SET revision = 1 WHERE ${where(B, 2)};
       UPDATE events SET revision = 2 WHERE ${where(B, -1)};`,
    ],
  ])(
    'an edited %s is reported at that stream and revision; the seals still hold',
    async (_what, streamId, revision, sql) => {
      const report = await verify(tampered(sql));
      expect(report).toMatchObject({ valid: false, invalid: [{ streamId, firstInvalidRevision: revision }] });
      expect(report.seals).toEqual({ checked: 8 });
    },
  );

  it('a deleted middle event: its stream at its revision, and the first seal covering it', async () => {
    const deleted = at(A, 3);
    const report = await verify(tampered(`DELETE FROM events WHERE ${where(A, 3)}`));
    expect(report.invalid).toEqual([{ streamId: A, firstInvalidRevision: 3 }]);
    expect(report.seals.firstInvalidPosition).toBe(sealCovering(deleted.position));
  });

  it('a deleted last event of a stream: no chain notices, the seals do, at the first one covering it', async () => {
    const deleted = at(B, 5);
    const report = await verify(tampered(`DELETE FROM events WHERE ${where(B, 5)}`));
    expect(report.invalid).toEqual([]);
    expect(report.valid).toBe(false);
    expect(report.seals.firstInvalidPosition).toBe(sealCovering(deleted.position));
    expect(report.seals.firstInvalidSeal).toMatchObject({ mismatch: 'logHash' });
    const { afterPosition, upToPosition } = report.seals.firstInvalidSeal!;
    expect(BigInt(afterPosition) < deleted.position && deleted.position <= BigInt(upToPosition)).toBe(true);
  });

  it('a deleted whole stream: reported at the first seal covering its first event', async () => {
    const report = await verify(tampered(`DELETE FROM events WHERE stream_id = '${C}'`));
    expect(report).toMatchObject({ valid: false, invalid: [], streams: 3 });
    expect(report.seals.firstInvalidPosition).toBe(sealCovering(at(C, 0).position));
  });

  it('two events of different streams swapped in the log: reported at the first seal covering them', async () => {
    const [first, second] = [at(A, 1).position, at(B, 1).position].sort((x, y) => (x < y ? -1 : 1));
    const report = await verify(
      tampered(
        `UPDATE events SET position = -1 WHERE position = ${first};
         UPDATE events SET position = ${first} WHERE position = ${second};
         UPDATE events SET position = ${second} WHERE position = -1;`,
      ),
    );
    expect(report.invalid).toEqual([]);
    expect(report.seals.firstInvalidPosition).toBe(sealCovering(first));
  });

  describe('npm run audit (the CLI, in a process of its own)', () => {
    const cli = async (args: string[], dataDir: string) => {
      const child = new LineCollector(
        spawnTypeScript('apps/api/src/audit/audit.cli.ts', args, { DATA_DIR: dataDir }),
      );
      const code = await child.exited();
      return { code, lines: child.lines };
    };

    it('verify: exit 0 and VALID on the untouched log; exit 1 naming the stream and revision when broken', async () => {
      const ok = await cli(['verify'], tampered('SELECT 1'));
      expect(ok.code).toBe(0);
      expect(ok.lines).toContain('VALID');
      const broken = await cli(['verify'], tampered(`DELETE FROM events WHERE ${where(A, 3)}`));
      expect(broken.code).toBe(1);
      expect(broken.lines).toContain(`INVALID stream ${A}: its hash chain breaks at revision 3`);
      expect(broken.lines.join('\n')).toMatch(/INVALID seal at position \d+/);
      const stream = await cli(['verify', '--stream', B, '--json'], tampered('SELECT 1'));
      expect(stream.code).toBe(0);
      expect(JSON.parse(stream.lines[0])).toEqual({ streamId: B, valid: true, events: 6 });
    });

    it('export: every event as NDJSON of the shared shape, or one stream from a position on', async () => {
      const dataDir = tampered('SELECT 1');
      const all = await cli(['export'], dataDir);
      expect(all.code).toBe(0);
      const exported = all.lines.map((line) => JSON.parse(line));
      expect(exported.map((event) => event.position)).toEqual(
        events.map((event) => event.position.toString()),
      );
      expect(exported[0]).toEqual({
        eventId: events[0].id,
        streamId: A,
        type: 'Noted',
        revision: 0,
        position: events[0].position.toString(),
        occurredAt: expect.any(String),
        recordedAt: expect.any(String),
        actor: { id: 'agent-test', role: 'agent' },
        correlationId: expect.any(String),
        causationId: expect.any(String),
        data: { stream: 'A', round: 0 },
        hash: events[0].metadata.hash,
        prevHash: '0'.repeat(64),
      });
      const from = at(B, 3).position;
      const part = await cli(['export', '--stream', B, '--from', from.toString()], dataDir);
      expect(part.lines.map((line) => JSON.parse(line).revision)).toEqual([3, 4, 5]);
    });

    it('export: an internal event (a webhook subscription) only as its position and hash', async () => {
      const dataDir = join(dir.path, 'internal');
      const store = SqliteEventStore.open({ path: join(dataDir, 'events.db') });
      await appendChained(store, 'complaint-P', [{ type: 'Noted', data: { public: true } }]);
      await appendChained(store, 'subscription-S', [
        { type: 'SubscriptionCreated', data: { secret: 'sealed' } },
      ]);
      const [, internal] = await store.readAll({ maxCount: 10 });
      await store.close();
      const exported = (await cli(['export'], dataDir)).lines.map((line) => JSON.parse(line));
      expect(exported[0]).toMatchObject({ streamId: 'complaint-P', data: { public: true } });
      expect(exported[1]).toEqual({
        position: internal.position.toString(),
        hash: internal.metadata.hash,
        redacted: true,
      });
    });
  });
});
