import { complaintIdOf } from '@cl/complaints';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { evolveMilestones } from './complaint-milestones';
import { complaintMilestonesKeys, type ComplaintMilestones } from './complaint-milestones-keys';

/**
 * Per complaint its milestones (complaint-milestones-keys.ts) and two time indexes, by
 * filing and by closing (single-stream, async): what GET /analytics/complaints-return reads
 * for a period. An event reads and rewrites only its complaint's small record, whatever the
 * complaint's or the store's history; a batch is one HMGET, one HSET and a ZADD per index.
 */
export const complaintMilestonesProjection: Projection = {
  name: 'complaint-milestones',
  version: 1,
  eventTypes: ['ComplaintFiled', 'ComplaintResolved', 'ComplaintClosed', 'ResponseDeadlineExtended'],

  async project(events: readonly RecordedEvent[], { redis, tx, keyPrefix }: ProjectionContext) {
    const keys = complaintMilestonesKeys(keyPrefix);
    const ids = [...new Set(events.map((event) => complaintIdOf(event.streamId)))];
    const stored = await redis.hmget(keys.milestones, ...ids);
    const records = new Map<string, ComplaintMilestones | undefined>(
      ids.map((id, index) => [
        id,
        stored[index] ? (JSON.parse(stored[index]!) as ComplaintMilestones) : undefined,
      ]),
    );
    const changed = new Set<string>();
    for (const event of events) {
      const id = complaintIdOf(event.streamId);
      const before = records.get(id);
      const after = evolveMilestones(before, {
        type: event.type,
        data: event.data as Record<string, unknown>,
        at: Date.parse(String(event.metadata.occurredAt)),
      });
      if (after === before) continue;
      records.set(id, after);
      changed.add(id);
    }
    const writes: string[] = [];
    const filed: (string | number)[] = [];
    const closed: (string | number)[] = [];
    for (const id of changed) {
      const record = records.get(id)!;
      writes.push(id, JSON.stringify(record));
      filed.push(record.filedAt, id);
      if (record.closedAt !== undefined) closed.push(record.closedAt, id);
    }
    if (writes.length > 0) tx.hset(keys.milestones, ...writes);
    if (filed.length > 0) tx.zadd(keys.byFiledAt, ...filed);
    if (closed.length > 0) tx.zadd(keys.byClosedAt, ...closed);
  },
};
