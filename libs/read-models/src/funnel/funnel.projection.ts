import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { funnelKeys, type ComplaintFacts } from './funnel-keys';

/**
 * The complaint-to-repurchase funnel (multi-stream, async): per complaint the facts its
 * stages need, and every purchase by customer and time. Stages and windows are evaluated
 * at query time, so the order in which streams' events arrive never matters.
 */
export const funnelProjection: Projection = {
  name: 'funnel',
  eventTypes: [
    'ComplaintFiled',
    'ComplaintResolved',
    'CallbackRecorded',
    'SatisfactionRecorded',
    'PurchaseRecorded',
  ],

  async project(
    events: readonly RecordedEvent[],
    { redis, tx, keyPrefix }: ProjectionContext,
  ): Promise<void> {
    const keys = funnelKeys(keyPrefix);
    const complaintIds = [
      ...new Set(
        events
          .filter((event) => event.type !== 'PurchaseRecorded')
          .map((event) => event.streamId.slice('complaint-'.length)),
      ),
    ];
    const stored = complaintIds.length > 0 ? await redis.hmget(keys.complaints, ...complaintIds) : [];
    const facts = new Map<string, ComplaintFacts | undefined>(
      complaintIds.map((id, index) => [
        id,
        stored[index] ? (JSON.parse(stored[index]!) as ComplaintFacts) : undefined,
      ]),
    );
    for (const event of events) {
      const occurredAt = Date.parse(String(event.metadata.occurredAt));
      const data = event.data as Record<string, never>;
      if (event.type === 'PurchaseRecorded') {
        const customerId = event.streamId.slice('customer-'.length);
        tx.zadd(keys.customerPurchases(customerId), occurredAt, data.orderId);
        tx.zadd(keys.purchases, occurredAt, `${customerId}:${data.orderId}`);
        continue;
      }
      const id = event.streamId.slice('complaint-'.length);
      const current = facts.get(id);
      if (event.type === 'ComplaintFiled') {
        facts.set(id, {
          customerId: data.customerId,
          filedAt: occurredAt,
          category: data.category,
          channel: data.channel,
          severity: data.severity,
          branchId: data.branchId ?? null,
          firstResolvedAt: null,
          firstOnTheSpot: false,
          firstGoodwill: false,
          callbackReached: false,
          satisfactionSum: 0,
          satisfactionCount: 0,
        });
      } else if (!current) {
        continue;
      } else if (event.type === 'ComplaintResolved' && current.firstResolvedAt === null) {
        current.firstResolvedAt = occurredAt;
        current.firstOnTheSpot = data.onTheSpot === true;
        current.firstGoodwill = data.goodwill !== undefined;
      } else if (event.type === 'CallbackRecorded' && data.reached === true) {
        current.callbackReached = true;
      } else if (event.type === 'SatisfactionRecorded') {
        current.satisfactionSum += Number(data.score);
        current.satisfactionCount += 1;
      }
    }
    for (const [id, complaint] of facts) {
      if (!complaint) continue;
      tx.hset(keys.complaints, id, JSON.stringify(complaint));
      tx.zadd(keys.filed, complaint.filedAt, id);
    }
  },
};
