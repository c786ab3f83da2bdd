import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { SqliteEventStore, type EventToAppend, type JsonObject, type RecordedEvent } from '@cl/event-store';
import {
  CustomerRiskQuery,
  customerRiskProjection,
  REFRESH_RANKING,
  riskKeys,
  type RiskLevel,
} from '@cl/read-models';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
const LEVELS: RiskLevel[] = ['none', 'watch', 'warning', 'critical'];

/**
 * The maintained ranking (asOf = now) against the full scan at the same instant, over the
 * customer-risk read model built by the projection from a real SQLite store into real Redis.
 */
describe('customer-risk: the maintained ranking', () => {
  const dir = makeTempDir('risk-ranking');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const keyPrefix = `${prefix}:customer-risk:0`;
  const keys = riskKeys(keyPrefix);
  const redis = new Redis(REDIS_URL);
  const store = SqliteEventStore.open({ path: join(dir.path, 'events.db') });
  const risks = new CustomerRiskQuery(redis, () => Promise.resolve(keyPrefix));
  /** The clock when the events were made: their times are around it. */
  const start = Date.now();
  const DUE_SOON = start + 3000;

  beforeAll(async () => {
    await appendPopulation(store, start, DUE_SOON);
    // Into the read model in small batches, each in one MULTI as the runner does.
    const events: RecordedEvent[] = await store.readAll({ maxCount: 100_000 });
    for (let from = 0; from < events.length; from += 17) {
      const batch = events
        .slice(from, from + 17)
        .filter((event) => customerRiskProjection.eventTypes!.includes(event.type));
      const tx = redis.multi();
      await customerRiskProjection.project(batch, { redis, tx, keyPrefix });
      const results = await tx.exec();
      expect(results?.find(([error]) => error)).toBeUndefined();
    }
  });
  afterAll(async () => {
    await store.close();
    redis.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
    dir.remove();
  });

  const expectSameAsScan = async (at: number) => {
    for (const minLevel of LEVELS) {
      for (const limit of [1, 3, 1000]) {
        const scan = await risks.ranked(at, minLevel, limit);
        expect({ at, minLevel, limit, list: await risks.rankedNow(minLevel, limit, at) }).toEqual({
          at,
          minLevel,
          limit,
          list: scan,
        });
      }
    }
  };

  it('keeps an entry for every customer, and answers as the full scan does at the same instant', async () => {
    expect(await redis.hlen(keys.rankingMember)).toBe(await redis.scard(keys.customers));
    expect(await redis.zcard(keys.ranking)).toBe(await redis.scard(keys.customers));
    const everyone = await risks.ranked(Date.now(), 'none', 1000);
    expect(everyone.length).toBeGreaterThan(60);
    expect(new Set(everyone.map((customer) => customer.level)).size).toBe(4);
    // Before the entries were assessed, now, after the complaint due soon, and much later.
    for (const at of [start - DAY, start - 1, Date.now(), DUE_SOON, DUE_SOON + 1, start + 10 * 60_000]) {
      await expectSameAsScan(at);
    }
    for (const days of [1, 30, 89.5, 91, 200, 400]) await expectSameAsScan(start + days * DAY);
  });

  it('moves a customer up as time passes: a complaint going past its due time', async () => {
    const before = await risks.rankedNow('watch', 1000, DUE_SOON);
    expect(before.find((customer) => customer.customerId === 'CU-DUE')).toBeUndefined();
    const after = await risks.rankedNow('watch', 1000, DUE_SOON + 1);
    expect(after.find((customer) => customer.customerId === 'CU-DUE')).toMatchObject({
      score: 30,
      level: 'watch',
      reasons: [
        { code: 'SLA_BREACH', points: 30, detail: 'complaint K-DUE is open past its resolution due time' },
      ],
    });
  });

  it('refreshDue re-assesses the due entries, marks them changed, and the answers stay the same', async () => {
    const at = DUE_SOON + 1000;
    const due = await redis.zrangebyscore(keys.due, '-inf', at);
    expect(due).toContain('CU-DUE');
    await redis.del(keys.changed);
    expect(await risks.refreshDue(at, 1000)).toBe(due.length);
    expect(await redis.zrangebyscore(keys.due, '-inf', at)).toEqual([]);
    expect((await redis.smembers(keys.changed)).sort()).toEqual([...due].sort());
    const member = await redis.hget(keys.rankingMember, 'CU-DUE');
    expect(await redis.zscore(keys.ranking, member!)).toBe('-30');
    expect(await redis.zscore(keys.assessed, 'CU-DUE')).toBe(String(at));
    await expectSameAsScan(at);
    await expectSameAsScan(start + 100 * DAY);
  });

  it('refreshDue does not write an entry whose facts changed after it read them', async () => {
    const member = await redis.hget(keys.rankingMember, 'CU-DUE');
    const written = await redis.eval(
      REFRESH_RANKING,
      6,
      keys.ranking,
      keys.rankingMember,
      keys.due,
      keys.assessed,
      keys.changed,
      keys.customer('CU-DUE'),
      'not the sha1 of the stored facts',
      'CU-DUE',
      '-100',
      `0000000000000000CU-DUE`,
      '1',
      '1',
    );
    expect(written).toBe(0);
    expect(await redis.hget(keys.rankingMember, 'CU-DUE')).toBe(member);
    expect(await redis.zscore(keys.ranking, member!)).toBe('-30');
  });

  it('falls back to the full scan when the read model predates the ranking (not every customer has an entry)', async () => {
    await redis.hdel(keys.rankingMember, 'CU-DUE');
    const at = start + 2 * DAY;
    expect(await risks.rankedNow('none', 1000, at)).toEqual(await risks.ranked(at, 'none', 1000));
  });
});

/**
 * A varied population: customers at every level, ties of score and of value, complaints due
 * within seconds and long ago, reopenings, surveys, call-backs, purchases in and out of the
 * windows, facts minutes in the future, and customers named only by a profile update.
 */
async function appendPopulation(store: SqliteEventStore, now: number, dueSoon: number): Promise<void> {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const iso = (ms: number) => new Date(ms).toISOString();
  const event = (type: string, data: JsonObject, at: number): EventToAppend => ({
    type,
    data,
    metadata: { occurredAt: iso(at) },
  });
  const complaint = (complaintId: string, customerId: string, filedAt: number, dueAt: number) =>
    event(
      'ComplaintFiled',
      {
        complaintId,
        customerId,
        channel: 'web',
        category: 'billing',
        severity: 'high',
        description: 'd',
        resolutionDueAt: iso(dueAt),
      },
      filedAt,
    );

  for (let c = 0; c < 80; c++) {
    const customerId = `CU-${String(c).padStart(3, '0')}`;
    for (let k = Math.floor(random() * 5); k > 0; k--) {
      const filedAt = now - Math.floor(random() * 120 * DAY);
      const dueAt = filedAt + pick([1, 3, 30]) * DAY;
      const events = [complaint(`K-${c}-${k}`, customerId, filedAt, dueAt)];
      let at = filedAt;
      for (const type of pick([
        [],
        ['resolved'],
        ['resolved', 'reopened'],
        ['closed'],
        ['resolved', 'reopened', 'closed'],
      ])) {
        at += Math.floor(random() * 5 * DAY);
        if (type === 'resolved') events.push(event('ComplaintResolved', { resolutionType: 'refund' }, at));
        if (type === 'closed') events.push(event('ComplaintClosed', {}, at));
        if (type === 'reopened')
          events.push(event('ComplaintReopened', { resolutionDueAt: iso(at + 2 * DAY) }, at));
      }
      if (random() < 0.5)
        events.push(event('SatisfactionRecorded', { score: pick([1, 2, 3, 4, 5]) }, at + DAY));
      if (random() < 0.5) {
        events.push(
          event(
            'CallbackRecorded',
            random() < 0.3
              ? { reached: false }
              : { reached: true, attitude: pick(['satisfied', 'dissatisfied']) },
            at + 2 * DAY,
          ),
        );
      }
      await store.appendToStream(
        `complaint-K-${c}-${k}`,
        events.filter((e) => Date.parse(String(e.metadata!.occurredAt)) <= now + 5 * 60_000),
      );
    }
    const purchases = [];
    for (let p = Math.floor(random() * 5); p > 0; p--) {
      purchases.push(
        event(
          'PurchaseRecorded',
          { orderId: `O-${p}`, amount: pick([10, 20, 0.1, 0.2, 99.99]), currency: 'EUR' },
          now - Math.floor(random() * 400 * DAY),
        ),
      );
    }
    if (random() < 0.2) purchases.push(event('CustomerProfileUpdated', { valueTier: 'A' }, now - DAY));
    if (purchases.length > 0) await store.appendToStream(`customer-${customerId}`, purchases);
  }
  // Critical: four open complaints past their due times, the latest survey 1.
  for (let k = 0; k < 4; k++) {
    await store.appendToStream(`complaint-K-CRIT-${k}`, [
      complaint(`K-CRIT-${k}`, 'CU-CRIT', now - (10 + k) * DAY, now - (9 + k) * DAY),
      ...(k === 0 ? [event('SatisfactionRecorded', { score: 1 }, now - 8 * DAY)] : []),
    ]);
  }
  // An open complaint due in seconds; a survey and a purchase a few minutes ahead of the clock.
  await store.appendToStream('complaint-K-DUE', [complaint('K-DUE', 'CU-DUE', now - 1000, dueSoon)]);
  await store.appendToStream('complaint-K-AHEAD', [
    complaint('K-AHEAD', 'CU-AHEAD', now - DAY, now + DAY),
    event('ComplaintClosed', {}, now - DAY),
    event('SatisfactionRecorded', { score: 1 }, now + 4 * 60_000),
  ]);
  await store.appendToStream('customer-CU-AHEAD', [
    event('PurchaseRecorded', { orderId: 'O-1', amount: 5, currency: 'EUR' }, now + 4 * 60_000),
  ]);
  await store.appendToStream('customer-CU-PROFILE', [
    event('CustomerProfileUpdated', { valueTier: 'B' }, now - DAY),
  ]);
}
