import { randomUUID } from 'node:crypto';
import { chainedEvent, GENESIS_HASH } from '@cl/audit';
import type { EventStore } from '@cl/event-store';

const ACTOR = { id: 'agent-test', role: 'agent' };

/**
 * Appends events to a stream as the service would: each with its metadata and hash-chain
 * link, recorded as done by `actor` (default an agent's).
 */
export async function appendChained(
  store: EventStore,
  streamId: string,
  events: { type: string; data: object; occurredAt?: string }[],
  actor: { id: string; role: string } = ACTOR,
): Promise<bigint> {
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  let revision = last ? last.revision : -1;
  let prevHash = last ? String(last.metadata.hash) : GENESIS_HASH;
  const correlationId = randomUUID();
  const now = new Date().toISOString();
  const toAppend = events.map((event) => {
    const eventId = randomUUID();
    const chained = chainedEvent(prevHash, {
      streamId,
      revision: ++revision,
      eventId,
      type: event.type,
      data: event.data,
      occurredAt: event.occurredAt ?? now,
      recordedAt: now,
      actor,
      correlationId,
      causationId: correlationId,
    });
    const { hash, ...toStore } = chained;
    prevHash = hash;
    return toStore;
  });
  const result = await store.appendToStream(streamId, toAppend, {
    expectedRevision: last ? last.revision : 'no_stream',
  });
  return result.position;
}
