import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { PublishedEvent } from '@cl/audit';
import { withSealedFields } from '@cl/personal-data';

/**
 * Recomputes every hash of a stream's published events from that shape alone, as an outside
 * auditor would (docs/audit.md): the sealed values put back where personal fields are shown.
 * Answers the data each hash covered, for comparing with what is stored.
 */
export function expectHashesRecompute(events: readonly PublishedEvent[]): object[] {
  let prevHash = '0'.repeat(64);
  return events.map((event) => {
    const data = event.sealed ? withSealedFields(event.data, event.sealed) : event.data;
    const canonical = canonicalize({
      streamId: event.streamId,
      revision: event.revision,
      eventId: event.eventId,
      type: event.type,
      data,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
    });
    const hash = createHash('sha256').update(`${prevHash}${canonical}`, 'utf8').digest('hex');
    expect(event).toMatchObject({ prevHash, hash });
    prevHash = hash;
    return data;
  });
}
