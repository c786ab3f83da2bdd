import type { Redis } from 'ioredis';
import { complaintMilestonesKeys } from '../complaint-milestones/complaint-milestones-keys';
import type { ReturnDimension } from './return-dimension';
import {
  complaintsReturnRows,
  type ComplaintsReturnRow,
  type IdentifiedMilestones,
} from './complaints-return-report';

const CHUNK = 2000;

/**
 * GET /analytics/complaints-return from the complaint-milestones read model, evaluated at now:
 * the complaints filed in [from, to), those not closed before from (closed in the period or
 * later, or open: the closed ones and the outstanding at the start), and those that paid
 * compensation in it, through the three time indexes.
 */
export class ComplaintsReturnQuery {
  constructor(
    private readonly redis: Redis,
    /** The complaint-milestones read model's key prefix (its active generation). */
    private readonly keyPrefix: () => Promise<string>,
  ) {}

  async rows(
    from: string,
    to: string,
    by: ReturnDimension,
    nowMs = Date.now(),
  ): Promise<ComplaintsReturnRow[]> {
    const keys = complaintMilestonesKeys(await this.keyPrefix());
    const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
    const [filed, notClosedBefore, paid] = await Promise.all([
      this.redis.zrangebyscore(keys.byFiledAt, fromMs, `(${toMs}`),
      this.redis.zrangebyscore(keys.byClosedAt, fromMs, '+inf'),
      this.redis.zrangebyscore(keys.byRedressPaidAt, fromMs, `(${toMs}`),
    ]);
    // A payment's member is `<complaint id>:<n>`.
    const payers = paid.map((member) => member.slice(0, member.lastIndexOf(':')));
    const ids = [...new Set([...filed, ...notClosedBefore, ...payers])];
    // Every chunk's HMGET in one pipeline: one round trip whatever the period's size.
    const read = this.redis.pipeline();
    for (let start = 0; start < ids.length; start += CHUNK) {
      read.hmget(keys.milestones, ...ids.slice(start, start + CHUNK));
    }
    const complaints: IdentifiedMilestones[] = [];
    let index = 0;
    for (const [error, stored] of (await read.exec()) ?? []) {
      if (error) throw error;
      for (const json of stored as (string | null)[]) {
        const complaintId = ids[index++];
        if (!json) continue;
        const record = JSON.parse(json) as IdentifiedMilestones;
        record.complaintId = complaintId;
        complaints.push(record);
      }
    }
    return complaintsReturnRows(complaints, by, fromMs, toMs, nowMs);
  }
}
