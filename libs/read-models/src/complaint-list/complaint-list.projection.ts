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
  // RootCauseRecorded (the latest root cause in the state, for problems by=cause) needed no new
  // version: no stored event of that type predates it, so every stored state folds the same.
  version: 3,
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
      documents.set(id, { state, revision: event.revision });
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
