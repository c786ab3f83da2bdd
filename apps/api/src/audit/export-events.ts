import { publishedEvent, readLogPaged, readStreamPaged, storedHashOf, type EventOpener } from '@cl/audit';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { isPublicStream } from '@cl/integration';

/** Events whose personal fields are opened together (one read of the key store). */
const OPEN_BATCH = 500;

export interface ExportOptions {
  /** One stream's events instead of the log's. */
  stream?: string;
  /** The first position exported (inclusive); 0: from the first event. */
  from: bigint;
  /** Takes a line of NDJSON; a promise when the sink is full (back-pressure). */
  write: (line: string) => Promise<void> | undefined;
  progress?: (position: bigint, head: bigint, count: number) => void;
}

/**
 * `npm run audit -- export` (docs/audit.md): the events as NDJSON, their personal fields
 * opened a batch at a time (in clear, or "[erased]"), their stored values beside them.
 */
export async function exportEvents(
  store: EventStore,
  personalData: EventOpener,
  { stream, from, write, progress }: ExportOptions,
): Promise<number> {
  const head = await store.headPosition();
  const events: AsyncIterable<RecordedEvent> =
    stream !== undefined
      ? readStreamPaged(store, stream)
      : readLogPaged(store, from > 0n ? from - 1n : 0n, head);
  let count = 0;
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    const shown = await personalData.open(batch);
    for (const [index, event] of batch.entries()) {
      await write(`${JSON.stringify(exportedEvent(event, shown[index]))}\n`);
      if (++count % 1000 === 0) progress?.(event.position, head, count);
    }
    batch = [];
  };
  for await (const event of events) {
    if (event.position < from) continue;
    batch.push(event);
    if (batch.length >= OPEN_BATCH) await flush();
  }
  await flush();
  progress?.(head, head, count);
  return count;
}

/**
 * An event as the export shows it: the shared event shape for the public categories (`shown`:
 * the event with its personal fields opened); for an internal event (e.g. a webhook
 * subscription, which must not leave the service) only its position and hash, which a
 * witness needs to recompute the seals' log hash.
 */
function exportedEvent(event: RecordedEvent, shown: RecordedEvent): object {
  if (isPublicStream(event.streamId)) return publishedEvent(event, shown);
  return { position: event.position.toString(), hash: storedHashOf(event), redacted: true };
}
