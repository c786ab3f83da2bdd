import { createHash } from 'node:crypto';
import {
  AUDIT_SEALS_STREAM,
  AuditSealer,
  toPublishedEvent,
  verifyLog,
  type AuditSealed,
  type PublishedEvent,
} from '@cl/audit';
import type { EventStore } from '@cl/event-store';
import { appendChained } from '../support/chained-events';
import { makeTempDir } from '../support/temp-dir';
import { openTestStore } from '../support/test-store';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function sealsOf(store: EventStore) {
  return store.readStream(AUDIT_SEALS_STREAM);
}

/**
 * What an outside witness does with the export: recompute every seal from the events in
 * position order with SHA-256 alone (docs/http-api.md, Audit), and compare with the seals it sees.
 */
function recomputeSeals(exported: PublishedEvent[]): AuditSealed[] {
  const seals = exported.filter((event) => event.streamId === AUDIT_SEALS_STREAM);
  let logHash = '0'.repeat(64);
  let prevSealHash = '0'.repeat(64);
  let after = 0n;
  return seals.map((sealEvent) => {
    const upTo = BigInt((sealEvent.data as AuditSealed).upToPosition);
    const upToIt = exported.filter((event) => BigInt(event.position) <= upTo);
    for (const event of upToIt.filter((event) => BigInt(event.position) > after)) {
      logHash = sha256(logHash + event.hash);
    }
    const expected: AuditSealed = {
      upToPosition: upTo.toString(),
      events: upToIt.length,
      streams: new Set(upToIt.map((event) => event.streamId)).size,
      logHash,
      prevSealHash,
    };
    prevSealHash = sealEvent.hash!;
    after = upTo;
    return expected;
  });
}

describe('AuditSealer on a real SQLite store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: EventStore;
  const sealers: AuditSealer[] = [];
  const sealer = (everyEvents: number, everyMs: number) => {
    const created = new AuditSealer(store, { everyEvents, everyMs }, (error) => {
      throw error;
    });
    sealers.push(created);
    created.start();
    return created;
  };

  beforeEach(() => {
    dir = makeTempDir('sealer');
    store = openTestStore(dir.path);
  });
  afterEach(async () => {
    for (const created of sealers.splice(0)) await created.stop();
    await store.close();
    dir.remove();
  });

  it('seals every N events, exactly as an outside witness recomputes them from the export', async () => {
    for (let i = 0; i < 10; i++) {
      await appendChained(store, `complaint-${i % 3}`, [{ type: 'Noted', data: { i } }]);
    }
    sealer(4, 60_000);
    await until(async () => (await sealsOf(store)).length === 2, 'two seals');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seals = await sealsOf(store);
    expect(seals).toHaveLength(2); // 2 events left over (and 2 seals, which never count)
    const exported = (await store.readAll({ maxCount: 100 })).map(toPublishedEvent);
    expect(seals.map((seal) => seal.data)).toEqual(recomputeSeals(exported));
    expect(seals[0].data).toMatchObject({ upToPosition: '4', events: 4, streams: 3 });
    // Catching up, the sealer folded 8 events before its first seal was appended (at 11).
    expect(seals[1].data).toMatchObject({ upToPosition: '8', events: 8, streams: 3 });
    expect(seals[1].metadata).toMatchObject({ actor: { id: 'audit-sealer', role: 'system' } });
    expect(await verifyLog(store)).toMatchObject({ valid: true, seals: { checked: 2 } });
  });

  it('seals after the interval when fewer events arrived, and never when only seals arrived', async () => {
    sealer(1000, 300);
    await appendChained(store, 'complaint-1', [{ type: 'Noted', data: {} }]);
    await appendChained(store, 'complaint-2', [{ type: 'Noted', data: {} }]);
    await until(async () => (await sealsOf(store)).length === 1, 'a seal after the interval');
    expect((await sealsOf(store))[0].data).toMatchObject({ events: 2, streams: 2 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await sealsOf(store)).toHaveLength(1);
    await appendChained(store, 'complaint-1', [{ type: 'Noted', data: {} }]);
    await until(async () => (await sealsOf(store)).length === 2, 'a second seal');
    expect((await sealsOf(store))[1].data).toMatchObject({ events: 4, streams: 3 });
    const exported = (await store.readAll({ maxCount: 100 })).map(toPublishedEvent);
    expect((await sealsOf(store)).map((seal) => seal.data)).toEqual(recomputeSeals(exported));
  });

  it('continues from the last seal after a restart, and two sealers racing never write a seal twice', async () => {
    const first = sealer(3, 60_000);
    for (let i = 0; i < 6; i++)
      await appendChained(store, `complaint-${i % 2}`, [{ type: 'Noted', data: {} }]);
    await until(async () => (await sealsOf(store)).length === 2, 'two seals');
    await first.stop();
    const racing = [sealer(3, 60_000), sealer(3, 60_000)];
    const writes: Promise<bigint>[] = [];
    for (let i = 0; i < 30; i++)
      writes.push(appendChained(store, `customer-${i}`, [{ type: 'Noted', data: {} }]));
    await Promise.all(writes);
    await until(async () => (await sealsOf(store)).length === 12, '12 seals (36 events, one every 3)');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seals = await sealsOf(store);
    expect(seals).toHaveLength(12);
    expect(racing[0].sealed + racing[1].sealed).toBe(10);
    // Both tried: the loser of each race continued from the winner's seal.
    expect(racing[0].conflicts + racing[1].conflicts).toBeGreaterThan(0);
    const exported = (await store.readAll({ maxCount: 1000 })).map(toPublishedEvent);
    expect(seals.map((seal) => seal.data)).toEqual(recomputeSeals(exported));
    expect(await verifyLog(store)).toMatchObject({ valid: true, streams: 33, seals: { checked: 12 } });
  });
});
