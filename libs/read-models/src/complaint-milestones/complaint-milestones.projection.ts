import { complaintIdOf } from '@cl/complaints';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { evolveMilestones } from './complaint-milestones';
import { complaintMilestonesKeys, type ComplaintMilestones } from './complaint-milestones-keys';

/**
 * Per complaint its milestones (complaint-milestones-keys.ts) and three time indexes, by
 * filing, by closing and by compensation paid (single-stream, async): what GET
 * /analytics/complaints-return reads for a period. An event reads and rewrites only its
 * complaint's small record, whatever the complaint's or the store's history; a batch is one
 * HMGET, one HSET and a ZADD per index (the third only when the batch paid compensation).
 * Version 2: open complaints in the closing index at +inf, and `redressPaid`; version 3:
 * `policyRule` and the latest root cause (`cause`).
 */
export const complaintMilestonesProjection: Projection = {
  name: 'complaint-milestones',
  version: 3,
  eventTypes: [
    'ComplaintFiled',
    'ComplaintResolved',
    'ComplaintClosed',
    'ResponseDeadlineExtended',
    'RootCauseRecorded',
  ],

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
    const paidBefore = new Map(ids.map((id) => [id, records.get(id)?.redressPaid?.length ?? 0]));
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
    const paid: (string | number)[] = [];
    for (const id of changed) {
      const record = records.get(id)!;
      writes.push(id, JSON.stringify(record));
      filed.push(record.filedAt, id);
      closed.push(record.closedAt ?? '+inf', id);
      const payments = record.redressPaid ?? [];
      for (let n = paidBefore.get(id)!; n < payments.length; n++) paid.push(payments[n].at, `${id}:${n + 1}`);
    }
    if (writes.length > 0) tx.hset(keys.milestones, ...writes);
    if (filed.length > 0) tx.zadd(keys.byFiledAt, ...filed);
    if (closed.length > 0) tx.zadd(keys.byClosedAt, ...closed);
    if (paid.length > 0) tx.zadd(keys.byRedressPaidAt, ...paid);
  },
};
