/**
 * Crash-test child: appends in concurrent loops and prints one line per acknowledged append,
 * `<streamId> <lastRevision> <lastPosition> <id,id,...>`, until it is killed.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@cl/event-store/sqlite';

const [path] = process.argv.slice(2);
const store = SqliteEventStore.open({ path });
const WRITERS = 16;
const STREAMS = 25;

async function write(writer: number): Promise<never> {
  for (let i = 0; ; i++) {
    const streamId = `crash-${(writer * 7 + i) % STREAMS}`;
    const ids = Array.from({ length: 1 + (i % 3) }, () => randomUUID());
    const result = await store.appendToStream(
      streamId,
      ids.map((id, n) => ({ id, type: 'Tick', data: { writer, i, n } })),
    );
    process.stdout.write(`${streamId} ${result.nextExpectedRevision} ${result.position} ${ids.join(',')}\n`);
  }
}

process.stdout.write('ready\n');
for (let writer = 0; writer < WRITERS; writer++) void write(writer);
