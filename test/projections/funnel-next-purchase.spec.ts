import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { JsonObject, RecordedEvent } from '@cl/event-store';
import {
  blankComplaint,
  COMPLAINT_RECORD_BYTES,
  decodeComplaintRecord,
  decodePurchaseRecord,
  funnelKeys,
  funnelProjection,
  PURCHASE_RECORD_BYTES,
  recordsView,
} from '@cl/read-models';
import { deleteRedisKeys } from '../support/test-app';
import { seeded } from '../support/seeded-random';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
const T0 = Date.parse('2026-06-30T12:00:00.000Z');

/**
 * The funnel's records against a brute force over the events: each complaint's first
 * resolution (and its actor), call-back, surveys and next purchase (the customer's earliest purchase strictly
 * after its anchor), each purchase's next purchase, for events arriving in random order
 * across streams and in random batches (purchases before and after the complaints they follow):
 * small ones, where a complaint's events fall in several batches, and large ones, where the
 * projection folds them into the record its filing writes; and with a filing repeated in the
 * log, which changes nothing.
 */
describe('funnel: records against a brute force', () => {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  it.each([
    { seed: 11, maxBatch: 60, repeatedFilings: false },
    { seed: 12, maxBatch: 400, repeatedFilings: false },
    { seed: 13, maxBatch: 400, repeatedFilings: true },
    { seed: 14, maxBatch: 20, repeatedFilings: true },
  ])('keeps every record as the events say, whatever their arrival order (%o)', async (run) => {
    const { seed, maxBatch, repeatedFilings } = run;
    const keyPrefix = `${prefix}:funnel:${seed}`;
    const keys = funnelKeys(keyPrefix);
    const random = seeded(seed);
    const int = (n: number) => Math.floor(random() * n);
    type Planned = { streamId: string; type: string; data: JsonObject; at: number; actorId?: string };
    const streams: Planned[][] = [];
    const expected = new Map<
      string,
      {
        customerId: string;
        filedAt: number;
        resolvedAt: number | null;
        resolvedBy: string | null;
        reached: boolean;
        sum: number;
        count: number;
      }
    >();
    const purchases = new Map<string, number[]>();
    for (let c = 0; c < 40; c++) {
      const customerId = `CU-${c}`;
      const times: number[] = [];
      const bought: Planned[] = [];
      for (let p = int(15); p > 0; p--) {
        const at = random() < 0.2 && times.length > 0 ? times[times.length - 1] : T0 - int(300 * DAY);
        times.push(at);
        bought.push({
          streamId: `customer-${customerId}`,
          type: 'PurchaseRecorded',
          data: { orderId: `O-${p}`, amount: 1 },
          at,
        });
      }
      purchases.set(customerId, times);
      streams.push(bought);
      for (let k = int(8); k > 0; k--) {
        const complaintId = `K-${c}-${k}`;
        const streamId = `complaint-${complaintId}`;
        const filedAt = random() < 0.1 && times.length > 0 ? times[0] : T0 - int(300 * DAY);
        const events: Planned[] = [
          {
            streamId,
            type: 'ComplaintFiled',
            data: { customerId, category: `cat-${int(3)}`, channel: 'web', severity: 'low' },
            at: filedAt,
          },
        ];
        const truth = {
          customerId,
          filedAt,
          resolvedAt: null as number | null,
          resolvedBy: null as string | null,
          reached: false,
          sum: 0,
          count: 0,
        };
        let at = filedAt;
        for (let n = int(6); n > 0; n--) {
          at += random() < 0.2 ? 0 : int(10 * DAY);
          const roll = int(3);
          if (roll === 0) {
            const actorId = `ag-${int(3)}`;
            events.push({ streamId, type: 'ComplaintResolved', data: { onTheSpot: false }, at, actorId });
            truth.resolvedBy = truth.resolvedAt === null ? actorId : truth.resolvedBy;
            truth.resolvedAt ??= at;
          } else if (roll === 1) {
            const reached = random() < 0.5;
            events.push({ streamId, type: 'CallbackRecorded', data: { reached }, at });
            truth.reached ||= reached;
          } else {
            const score = 1 + int(5);
            events.push({ streamId, type: 'SatisfactionRecorded', data: { score }, at });
            truth.sum += score;
            truth.count += 1;
          }
        }
        if (repeatedFilings && random() < 0.3) {
          // The filing again, later in its stream (a bad event): the first filing's record holds.
          const again = 1 + int(events.length);
          events.splice(again, 0, { ...events[0], at: events[again - 1].at });
        }
        expected.set(complaintId, truth);
        streams.push(events);
      }
    }
    const arrival: RecordedEvent[] = [];
    let position = 0n;
    const queues = streams.map((events) => [...events]);
    while (queues.some((queue) => queue.length > 0)) {
      const open = queues.filter((queue) => queue.length > 0);
      const { streamId, type, data, at, actorId } = open[int(open.length)].shift()!;
      arrival.push({
        id: randomUUID(),
        streamId,
        revision: 0,
        position: ++position,
        type,
        data,
        metadata: {
          occurredAt: new Date(at).toISOString(),
          ...(actorId && { actor: { id: actorId, role: 'agent', via: 'api-key' } }),
        },
        recordedAt: new Date(T0).toISOString(),
      });
    }
    for (let from = 0; from < arrival.length;) {
      const size = 1 + int(maxBatch);
      const tx = redis.multi();
      await funnelProjection.project(arrival.slice(from, from + size), { redis, tx, keyPrefix });
      expect((await tx.exec())?.find(([error]) => error)).toBeUndefined();
      from += size;
    }

    const nextAfter = (customerId: string, at: number) => {
      const later = purchases.get(customerId)!.filter((time) => time > at);
      return later.length > 0 ? Math.min(...later) : null;
    };
    const values = await redis.hgetall(keys.values);
    const codes = Object.entries(await redis.hgetall(keys.customerCodes));
    const customerOf = new Map(codes.map(([customerId, code]) => [Number(code), customerId]));
    const names: string[] = [];
    for (const [code, value] of Object.entries(values)) names[Number(code)] = value;
    for (const [complaintId, truth] of expected) {
      const [day, slot] = (await redis.hget(keys.complaints, complaintId))!.split('\t');
      const record = (await redis.getrangeBuffer(
        keys.filed(Number(day)),
        Number(slot) * COMPLAINT_RECORD_BYTES,
        (Number(slot) + 1) * COMPLAINT_RECORD_BYTES - 1,
      ))!;
      const complaint = decodeComplaintRecord(recordsView(record), 0, names, blankComplaint());
      expect({ complaintId, ...complaint, customer: customerOf.get(complaint.customer) }).toMatchObject({
        complaintId,
        customer: truth.customerId,
        filedAt: truth.filedAt,
        firstResolvedAt: truth.resolvedAt,
        firstResolvedBy: truth.resolvedBy,
        callbackReached: truth.reached,
        satisfactionSum: truth.sum,
        satisfactionCount: truth.count,
        nextPurchaseAt: nextAfter(truth.customerId, truth.resolvedAt ?? truth.filedAt),
      });
    }
    let purchasesChecked = 0;
    for (const day of await redis.zrange(keys.days, '0', '-1')) {
      const records = await redis.getBuffer(keys.bought(Number(day)));
      if (!records) continue;
      for (let offset = 0; offset < records.length; offset += PURCHASE_RECORD_BYTES) {
        const purchase = decodePurchaseRecord(recordsView(records), offset, {
          customer: 0,
          at: 0,
          nextPurchaseAt: null,
        });
        const customerId = customerOf.get(purchase.customer)!;
        expect({ customerId, at: purchase.at, next: purchase.nextPurchaseAt }).toEqual({
          customerId,
          at: purchase.at,
          next: nextAfter(customerId, purchase.at),
        });
        purchasesChecked++;
      }
    }
    expect(purchasesChecked).toBe([...purchases.values()].flat().length);
  });
});
