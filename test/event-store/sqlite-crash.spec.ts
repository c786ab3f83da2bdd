import { join } from 'node:path';
import { SqliteEventStore } from '@cl/event-store/sqlite';
import type { RecordedEvent } from '@cl/event-store';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { makeTempDir } from '../support/temp-dir';
import { describeSqliteFile } from '../support/test-store';

/**
 * Every acknowledged append survives `kill -9`: a child appends from 16 concurrent loops and
 * reports each acknowledgement; it is killed at a random moment; the reopened store must hold
 * every acknowledged event, contiguous streams and strictly increasing, gap-free positions.
 * Also with two such children appending to one file at once (docs/operations.md: several processes
 * of a deployment append under SQLite's write lock).
 */
describeSqliteFile('SqliteEventStore under kill -9', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir('crash')));
  afterEach(() => dir.remove());

  it.each([1, 2, 3])('keeps every acknowledged append (run %i)', async () => {
    const path = join(dir.path, 'events.db');
    let acknowledged: string[] = [];
    // Two kills on the same file: the second run also appends after a crash recovery.
    for (let round = 0; round < 2; round++) {
      acknowledged = acknowledged.concat(
        await appendUntilKilled(path, 50 + Math.floor(Math.random() * 1500)),
      );
    }
    expect(acknowledged.length).toBeGreaterThan(100);
    await expectEveryAcknowledgedAppend(path, acknowledged);
  });

  it('keeps every acknowledged append of two processes appending to one file at once', async () => {
    const path = join(dir.path, 'events.db');
    let acknowledged: string[] = [];
    for (let round = 0; round < 2; round++) {
      // Both append to the same streams (expected revision any) and are killed at different moments.
      const both = await Promise.all([
        appendUntilKilled(path, 100 + Math.floor(Math.random() * 1000)),
        appendUntilKilled(path, 100 + Math.floor(Math.random() * 1000)),
      ]);
      acknowledged = acknowledged.concat(...both);
    }
    await expectEveryAcknowledgedAppend(path, acknowledged);
  });
});

/** Runs an append-loop child until it has acknowledged `killAfter` appends, then kills it with SIGKILL. */
async function appendUntilKilled(path: string, killAfter: number): Promise<string[]> {
  const child = new LineCollector(spawnTypeScript('test/event-store/children/append-loop.ts', [path]));
  await child.waitFor(() => child.lines.length > killAfter);
  child.child.kill('SIGKILL');
  await child.exited();
  return child.lines.filter((line) => line !== 'ready');
}

/** Every acknowledged event is there, streams are contiguous, positions strictly increasing and gap-free. */
async function expectEveryAcknowledgedAppend(path: string, acknowledged: string[]): Promise<void> {
  const store = SqliteEventStore.open({ path });
  try {
    const all: RecordedEvent[] = [];
    for (let after = 0n; ;) {
      const page = await store.readAll({ after, maxCount: 5000 });
      if (page.length === 0) break;
      all.push(...page);
      after = page[page.length - 1].position;
    }
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));

    const byId = new Map(all.map((e) => [e.id, e]));
    for (const line of acknowledged) {
      const [streamId, lastRevision, lastPosition, ids] = line.split(' ');
      const idList = ids.split(',');
      idList.forEach((id, n) => {
        const recorded = byId.get(id);
        expect(recorded).toMatchObject({
          streamId,
          revision: Number(lastRevision) - idList.length + 1 + n,
        });
      });
      expect(byId.get(idList[idList.length - 1])!.position).toBe(BigInt(lastPosition));
    }

    const revisionsByStream = new Map<string, number[]>();
    for (const e of all)
      revisionsByStream.set(e.streamId, [...(revisionsByStream.get(e.streamId) ?? []), e.revision]);
    for (const revisions of revisionsByStream.values()) {
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
  } finally {
    await store.close();
  }
}
