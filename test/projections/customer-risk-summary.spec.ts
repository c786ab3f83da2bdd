import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { JsonObject, RecordedEvent } from '@cl/event-store';
import {
  assessRisk,
  customerRiskProjection,
  loadFacts,
  loadSnapshots,
  nextChangeAfter,
  nextChangeOfSnapshot,
  scoreSnapshot,
  snapshotOfFacts,
  SHORT_HISTORY_BYTES,
  SPEND_SCALE,
} from '@cl/read-models';
import { deleteRedisKeys } from '../support/test-app';
import { seeded } from '../support/seeded-random';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
const T0 = Date.parse('2026-06-30T12:00:00.000Z');

/**
 * The summaries the projection maintains (what an assessment at now reads, in O(log n))
 * against the customer's whole history folded at the same instant: same score, value,
 * reasons and next change, for random customers whose events arrive in random order across
 * streams and in random batches (live or catching up, small and large), assessed at instants
 * that move forward (moving the stored spend windows) and sometimes back.
 */
describe('customer-risk: summaries against the history', () => {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const keyPrefix = `${prefix}:customer-risk:0`;
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  // Small batches, and large ones where most of a complaint's events share a batch.
  it.each([
    { seed: 7, maxBatch: 80 },
    { seed: 8, maxBatch: 800 },
  ])('assess every customer as its history does (%o)', async ({ seed, maxBatch }) => {
    const keyPrefix = `${prefix}:customer-risk:${seed}`;
    const random = seeded(seed);
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]) => items[int(items.length)];
    const time = () => T0 - int(500 * DAY);
    type Planned = { streamId: string; type: string; data: JsonObject; at: number };
    const streams: Planned[][] = [];
    const customers: string[] = [];
    for (let c = 0; c < 60; c++) {
      const customerId = `CU-${c}`;
      customers.push(customerId);
      for (let k = int(6); k > 0; k--) {
        const streamId = `complaint-K-${c}-${k}`;
        let at = time();
        const events: Planned[] = [
          {
            streamId,
            type: 'ComplaintFiled',
            data: { customerId, resolutionDueAt: new Date(at + pick([1, 3, 30]) * DAY).toISOString() },
            at,
          },
        ];
        for (let n = int(6); n > 0; n--) {
          at += int(20 * DAY);
          const type = pick([
            'ComplaintResolved',
            'ComplaintReopened',
            'SatisfactionRecorded',
            'CallbackRecorded',
            'ComplaintPaused',
            'ComplaintResumed',
          ]);
          const data: JsonObject =
            type === 'ComplaintReopened'
              ? { resolutionDueAt: new Date(at + 2 * DAY).toISOString() }
              : type === 'ComplaintResumed'
                ? { resolutionDueAt: new Date(at + pick([0, 1, 5]) * DAY).toISOString() }
                : type === 'SatisfactionRecorded'
                  ? { score: 1 + int(5) }
                  : type === 'CallbackRecorded'
                    ? pick<JsonObject>([
                        { reached: false },
                        { reached: true, attitude: pick(['satisfied', 'dissatisfied']) },
                      ])
                    : {};
          events.push({ streamId, type, data, at: Math.min(at, T0) });
        }
        if (random() < 0.3)
          events.push({ streamId, type: 'ComplaintClosed', data: {}, at: Math.min(at + DAY, T0) });
        streams.push(events);
      }
      // Purchases in any business-time order, several at the same instant, amounts that do not add up exactly in binary.
      const purchases: Planned[] = [];
      for (let p = int(12); p > 0; p--) {
        const at = random() < 0.2 && purchases.length > 0 ? purchases[purchases.length - 1].at : time();
        purchases.push({
          streamId: `customer-${customerId}`,
          type: 'PurchaseRecorded',
          data: { orderId: `O-${p}`, amount: pick([10, 20, 0.1, 0.2, 99.99, 1234.5678]) },
          at,
        });
      }
      if (random() < 0.2) {
        purchases.push({
          streamId: `customer-${customerId}`,
          type: 'CustomerProfileUpdated',
          data: {},
          at: time(),
        });
      }
      streams.push(purchases);
    }
    // Interleave the streams at random, each in its own order.
    const arrival: RecordedEvent[] = [];
    let position = 0n;
    const queues = streams.map((events) => [...events]);
    while (queues.some((queue) => queue.length > 0)) {
      const queue = pick(queues.filter((q) => q.length > 0));
      const { streamId, type, data, at } = queue.shift()!;
      arrival.push({
        id: randomUUID(),
        streamId,
        revision: 0,
        position: ++position,
        type,
        data,
        metadata: { occurredAt: new Date(at).toISOString() },
        recordedAt: new Date(T0).toISOString(),
      });
    }
    for (let from = 0; from < arrival.length;) {
      const size = 1 + int(maxBatch);
      const tx = redis.multi();
      const afterCommit = await customerRiskProjection.project(arrival.slice(from, from + size), {
        redis,
        tx,
        keyPrefix,
        // A catch-up's batch: the facts applied, nobody answered at now.
        catchingUp: random() < 0.5,
      });
      const results = (await tx.exec())!;
      expect(results.find(([error]) => error)).toBeUndefined();
      if (afterCommit && random() < 0.5) await afterCommit(results.map(([, reply]) => reply));
      from += size;
    }

    const histories = await loadFacts(redis, keyPrefix, customers);
    let at = T0;
    let compared = 0;
    const codesSeen = new Set<string>();
    for (let step = 0; step < 60; step++) {
      // Mostly forward (the stored windows move), sometimes back (read without moving them).
      const forward = random() < 0.8;
      const instant = forward ? (at += int(25 * DAY)) : at - int(200 * DAY);
      // From the summaries, or from the histories up to some length (folded by the caller).
      const short = pick([0, 0, 300, SHORT_HISTORY_BYTES]);
      const summaries = await loadSnapshots(redis, keyPrefix, customers, instant, forward, short);
      for (const customerId of histories.keys()) {
        const facts = histories.get(customerId)!;
        const { snapshot } = summaries.get(customerId)!;
        expect({ customerId, instant, ...scoreSnapshot(snapshot) }).toEqual({
          customerId,
          instant,
          ...assessRisk(facts, instant),
        });
        expect({ customerId, instant, next: nextChangeOfSnapshot(snapshot) }).toEqual({
          customerId,
          instant,
          next: nextChangeAfter(facts, instant),
        });
        compared++;
        for (const reason of scoreSnapshot(snapshot).reasons) codesSeen.add(reason.code);
      }
    }
    expect(compared).toBe(60 * histories.size);
    expect(histories.size).toBeGreaterThan(50);
    expect(codesSeen.size).toBe(7); // every rule was exercised
  });

  it.each([
    { case: 'filed and resolved', batches: [['ComplaintFiled', 'ComplaintResolved']] },
    { case: 'filed, paused and closed', batches: [['ComplaintFiled', 'ComplaintPaused', 'ComplaintClosed']] },
    {
      case: 'filed, reopened and resolved',
      batches: [['ComplaintFiled', 'ComplaintReopened', 'ComplaintResolved']],
    },
    {
      case: 'filed, resolved and reopened',
      batches: [['ComplaintFiled', 'ComplaintResolved', 'ComplaintReopened']],
    },
    // A filing repeated in the log: the complaint was open before the batch.
    {
      case: 'filed again and resolved',
      batches: [['ComplaintFiled'], ['ComplaintFiled', 'ComplaintResolved']],
    },
  ])('keeps the open complaints of a complaint $case in one batch', async ({ case: name, batches }) => {
    const customerId = `CU-${name.replaceAll(' ', '-')}`;
    const filedAt = T0 - 30 * DAY;
    let position = 0n;
    const event = (type: string, index: number): RecordedEvent => ({
      id: randomUUID(),
      streamId: `complaint-K-${customerId}`,
      revision: index,
      position: ++position,
      type,
      data: type === 'ComplaintFiled' ? { customerId } : {},
      metadata: { occurredAt: new Date(filedAt + index * DAY).toISOString() },
      recordedAt: new Date(T0).toISOString(),
    });
    // Every due time is a day after its event: long past at T0.
    const due = (e: RecordedEvent) =>
      ['ComplaintFiled', 'ComplaintReopened', 'ComplaintResumed'].includes(e.type)
        ? withDue(e, Date.parse(String(e.metadata.occurredAt)) + DAY)
        : e;
    let index = 0;
    for (const batch of batches) {
      const tx = redis.multi();
      const events = batch.map((type) => due(event(type, index++)));
      await customerRiskProjection.project(events, { redis, tx, keyPrefix, catchingUp: true });
      expect((await tx.exec())!.find(([error]) => error)).toBeUndefined();
    }
    const facts = (await loadFacts(redis, keyPrefix, [customerId])).get(customerId)!;
    const { snapshot } = (await loadSnapshots(redis, keyPrefix, [customerId], T0, false, 0)).get(customerId)!;
    expect(snapshot).toEqual(snapshotOfFacts(facts, T0));
    expect(snapshot.breachedComplaint !== undefined).toBe(batches.flat().at(-1) === 'ComplaintReopened');
  });

  it('keeps windows stored at another instant when a catch-up adds facts to them', async () => {
    const now = Date.now();
    let position = 0n;
    const purchase = (orderId: string, at: number, amount: number): RecordedEvent => ({
      id: randomUUID(),
      streamId: 'customer-CU-W',
      revision: 0,
      position: ++position,
      type: 'PurchaseRecorded',
      data: { orderId, amount },
      metadata: { occurredAt: new Date(at).toISOString() },
      recordedAt: new Date(now).toISOString(),
    });
    const apply = async (events: RecordedEvent[]) => {
      const tx = redis.multi();
      await customerRiskProjection.project(events, { redis, tx, keyPrefix, catchingUp: true });
      expect((await tx.exec())!.find(([error]) => error)).toBeUndefined();
    };
    await apply([purchase('O-1', now - 150 * DAY, 10), purchase('O-2', now - 120 * DAY, 20)]);
    // The windows moved to 100 days ahead and stored there (both purchases left the 180 days').
    await loadSnapshots(redis, keyPrefix, ['CU-W'], now + 100 * DAY, true, 0);
    await apply([purchase('O-3', now - DAY, 40)]);
    const facts = (await loadFacts(redis, keyPrefix, ['CU-W'])).get('CU-W')!;
    for (const at of [now + 1000, now + 100 * DAY]) {
      const { snapshot } = (await loadSnapshots(redis, keyPrefix, ['CU-W'], at, true, 0)).get('CU-W')!;
      expect(snapshot).toEqual(snapshotOfFacts(facts, at));
      expect(snapshot.recentSpend).toBe(at === now + 1000 ? 40 * SPEND_SCALE : 0);
    }
  });
});

function withDue(event: RecordedEvent, dueAt: number): RecordedEvent {
  return { ...event, data: { ...event.data, resolutionDueAt: new Date(dueAt).toISOString() } };
}
