import {
  COMPLAINT_EVENT_TYPES,
  complaintIdOf,
  evolveComplaint,
  initialComplaintState,
  type ComplaintState,
  type OccurredComplaintEvent,
} from '@cl/complaints';
import { toOccurred } from '@cl/domain';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { complaintListKeys, filedAtMember, type StoredComplaint } from './complaint-list-keys';

/**
 * The complaint list (behind GET /complaints): a single-stream projection, one document per
 * complaint with its folded state, and a sorted set of all complaints by filing time.
 */
export const complaintListProjection: Projection = {
  name: 'complaint-list',
  // 2: the folded state tracks call-backs reached since the resolution (callbackDue).
  // 3: the folded state has issue 11's pauses, targets and met times (paused cycles cannot breach).
  // 4: the document keeps the first resolution's actor (problems by=agent). RootCauseRecorded
  // (the latest root cause in the state, for problems by=cause) needed no version of its own.
  version: 4,
  eventTypes: COMPLAINT_EVENT_TYPES,

  async project(
    events: readonly RecordedEvent[],
    { redis, tx, keyPrefix }: ProjectionContext,
  ): Promise<void> {
    const keys = complaintListKeys(keyPrefix);
    const ids = [...new Set(events.map((event) => complaintIdOf(event.streamId)))];
    const stored = await redis.mget(ids.map(keys.document));
    const documents = new Map<string, StoredComplaint | undefined>(
      ids.map((id, index) => [
        id,
        stored[index] ? (JSON.parse(stored[index]!) as StoredComplaint) : undefined,
      ]),
    );
    for (const event of events) {
      const id = complaintIdOf(event.streamId);
      const previous = documents.get(id);
      const state: ComplaintState = evolveComplaint(
        previous?.state ?? initialComplaintState,
        toOccurred<OccurredComplaintEvent>(event),
      );
      // One shape for every document (JSON leaves an undefined resolver out): no spread.
      documents.set(id, {
        state,
        revision: event.revision,
        firstResolvedBy: previous?.firstResolvedBy ?? resolverOf(event),
      });
    }
    // One command per kind of write for the whole batch: a command per complaint costs more
    // in the client than the write itself.
    const writes: string[] = [];
    const members: (string | number)[] = [];
    for (const [id, document] of documents) {
      if (!document?.state.exists) continue;
      writes.push(keys.document(id), JSON.stringify(document));
      members.push(0, filedAtMember(document.state.filedAt, id));
    }
    if (writes.length > 0) {
      tx.mset(...writes);
      tx.zadd(keys.byFiledAt, ...members);
    }
  },
};

/** The actor id of a ComplaintResolved (its metadata's); undefined for any other event. */
function resolverOf(event: RecordedEvent): string | undefined {
  if (event.type !== 'ComplaintResolved') return undefined;
  const actor = event.metadata.actor as { id?: unknown } | undefined;
  return typeof actor?.id === 'string' ? actor.id : undefined;
}
