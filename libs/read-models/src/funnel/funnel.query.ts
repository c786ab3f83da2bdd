import { DAY_MS } from '@cl/domain';
import type { Redis } from 'ioredis';
import { dayOf, funnelKeys } from './funnel-keys';
import {
  blankComplaint,
  COMPLAINT_RECORD_BYTES,
  complaintFiledAt,
  decodeComplaintRecord,
  decodePurchaseRecord,
  PURCHASE_RECORD_BYTES,
  purchaseAt,
  recordsView,
} from './funnel-records';
import {
  BaselineTally,
  FunnelTally,
  type FunnelBaseline,
  type FunnelGroup,
  type FunnelGroupBy,
  type FunnelPurchase,
} from './funnel-report';

export interface FunnelReport {
  from: string;
  to: string;
  repurchaseWindowDays: number;
  groups: FunnelGroup[];
  baseline: FunnelBaseline;
}

/**
 * GET /analytics/funnel from the funnel read model: the records of the complaints filed and
 * the purchases made on the period's days, in two round trips (which days have records, then
 * their records).
 */
export class FunnelQuery {
  constructor(
    private readonly redis: Redis,
    /** The read model's key prefix (its active generation). */
    private readonly keyPrefix: () => Promise<string>,
  ) {}

  async report(
    from: string,
    to: string,
    groupBy: FunnelGroupBy | undefined,
    windowDays: number,
  ): Promise<FunnelReport> {
    const keys = funnelKeys(await this.keyPrefix());
    const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
    // Only the days that have records: a long period over sparse data reads little.
    const days = (await this.redis.zrangebyscore(keys.days, dayOf(fromMs), dayOf(toMs - 1))).map(Number);
    const read = this.redis.pipeline();
    read.hgetall(keys.values);
    if (days.length > 0) {
      read.mgetBuffer(days.map(keys.filed));
      read.mgetBuffer(days.map(keys.bought));
    }
    const [storedValues, filedDays = [], boughtDays = []] = (await read.exec())!.map(([error, result]) => {
      if (error) throw error;
      return result;
    }) as [Record<string, string>, (Buffer | null)[]?, (Buffer | null)[]?];

    const values: string[] = [];
    for (const [code, value] of Object.entries(storedValues)) values[Number(code)] = value;
    const windowMs = windowDays * DAY_MS;
    const tally = new FunnelTally(groupBy, windowMs);
    const baseline = new BaselineTally(windowMs);
    const complaint = blankComplaint();
    for (const day of filedDays) {
      if (!day) continue;
      const records = recordsView(day);
      for (let offset = 0; offset < records.byteLength; offset += COMPLAINT_RECORD_BYTES) {
        const filedAt = complaintFiledAt(records, offset);
        if (filedAt < fromMs || filedAt >= toMs) continue;
        tally.add(decodeComplaintRecord(records, offset, values, complaint));
        baseline.addComplained(complaint.customer);
      }
    }
    const purchase: FunnelPurchase = { customer: 0, at: 0, nextPurchaseAt: null };
    for (const day of boughtDays) {
      if (!day) continue;
      const records = recordsView(day);
      for (let offset = 0; offset < records.byteLength; offset += PURCHASE_RECORD_BYTES) {
        const at = purchaseAt(records, offset);
        if (at >= fromMs && at < toMs) baseline.add(decodePurchaseRecord(records, offset, purchase));
      }
    }
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      repurchaseWindowDays: windowDays,
      groups: tally.result(),
      baseline: baseline.result(),
    };
  }
}
