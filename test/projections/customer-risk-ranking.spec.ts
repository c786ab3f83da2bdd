import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { type EventStore, type EventToAppend, type JsonObject, type RecordedEvent } from '@cl/event-store';
import {
  customerBase,
  CustomerRiskQuery,
  customerRiskProjection,
  loadFacts,
  riskKeys,
  WRITE_RANKING_ENTRIES,
  type RiskLevel,
} from '@cl/read-models';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { openTestStore } from '../support/test-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
const LEVELS: RiskLevel[] = ['none', 'watch', 'warning', 'critical'];

/**
 * The maintained ranking (asOf = now) against the full scan at the same instant, over the
 * customer-risk read model built by the projection from a real SQLite store into real Redis.
 */
describe('customer-risk: the maintained ranking', () => {
  const { keyPrefix, keys, redis, store, risks, projectStore } = riskReadModel('risk-ranking');
  /** The clock when the events were made: their times are around it. */
  const start = Date.now();
  /** Far enough ahead that the setup (slow on a loaded machine) never reaches it in real time. */
  const DUE_SOON = start + 60_000;
  /** CU-LATER is named only by a profile update this long after the clock (the API accepts up to 5 min). */
  const LATER = 4 * 60_000;

  beforeAll(async () => {
    await appendPopulation(store, start, DUE_SOON, start + LATER);
    await projectStore({ catchingUp: false });
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

  it('lists a customer from the first event naming it: before that it is absent, and still has a risk', async () => {
    const named = start + LATER;
    const ids = (list: { customerId: string }[]) => list.map((customer) => customer.customerId);
    for (const at of [start, named - 1]) {
      expect(ids(await risks.ranked(at, 'none', 1000))).not.toContain('CU-LATER');
      expect(ids(await risks.rankedNow('none', 1000, at))).not.toContain('CU-LATER');
    }
    for (const at of [named, named + DAY]) {
      expect(await risks.ranked(at, 'none', 1000)).toContainEqual(
        expect.objectContaining({ customerId: 'CU-LATER', score: 0, level: 'none' }),
      );
      expect(await risks.rankedNow('none', 1000, at)).toContainEqual(
        expect.objectContaining({ customerId: 'CU-LATER', score: 0, level: 'none' }),
      );
    }
    // The instant of its first naming is when its ranking entry stops holding.
    expect(await redis.zscore(keys.due, 'CU-LATER')).toBe(String(named));
    await expectSameAsScan(named - 1);
    await expectSameAsScan(named);
    expect(await risks.assess('CU-LATER', start)).toEqual({
      customerId: 'CU-LATER',
      score: 0,
      level: 'none',
      value: 0,
      reasons: [],
    });
    // Named first by a profile update that arrived after its complaint, filed a few minutes ahead.
    expect(ids(await risks.ranked(start, 'none', 1000))).toContain('CU-ORDER');
    expect(ids(await risks.rankedNow('none', 1000, start))).toContain('CU-ORDER');
    expect(ids(await risks.ranked(start - 2 * DAY, 'none', 1000))).not.toContain('CU-ORDER');
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
    const revision = await redis.strlen(keys.customer('CU-DUE').history);
    const written = await redis.eval(
      WRITE_RANKING_ENTRIES,
      5,
      keys.ranking,
      keys.rankingMember,
      keys.due,
      keys.assessed,
      keys.changed,
      customerBase(keyPrefix),
      revision - 1, // not the revision of the stored facts
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
});

describe('customer-risk: the writes of one batch', () => {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const keyPrefix = `${prefix}:customer-risk:0`;
  const keys = riskKeys(keyPrefix);
  const redis = new Redis(REDIS_URL);
  const risks = new CustomerRiskQuery(redis, () => Promise.resolve(keyPrefix));
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  it('are a handful of commands however many customers it touches, and give the same read model', async () => {
    const now = Date.now();
    let position = 0n;
    const recorded = (streamId: string, type: string, data: JsonObject, at: number): RecordedEvent => ({
      id: randomUUID(),
      streamId,
      revision: 0,
      position: ++position,
      type,
      data,
      metadata: { occurredAt: new Date(at).toISOString() },
      recordedAt: new Date(now).toISOString(),
    });
    const events: RecordedEvent[] = [];
    for (let c = 0; c < 300; c++) {
      const filedAt = now - (c % 40) * DAY;
      const dueAt = new Date(filedAt + 2 * DAY).toISOString();
      events.push(
        recorded(
          `complaint-K-${c}`,
          'ComplaintFiled',
          { customerId: `CU-${c}`, resolutionDueAt: dueAt },
          filedAt,
        ),
        recorded(`complaint-K-${c}`, 'SatisfactionRecorded', { score: (c % 5) + 1 }, filedAt + 1000),
        recorded(
          `customer-CU-${c}`,
          'PurchaseRecorded',
          { orderId: 'O-1', amount: c },
          now - (c % 200) * DAY,
        ),
      );
    }
    const tx = redis.multi();
    const queuedBefore = tx.length;
    const afterCommit = await customerRiskProjection.project(events, { redis, tx, keyPrefix });
    // HSET of the filings, the script appending the facts, SADD x2, ZADD marking them to assess.
    expect(tx.length - queuedBefore).toBe(5);
    const results = (await tx.exec())!;
    expect(results.find(([error]) => error)).toBeUndefined();
    // Until they are assessed, the ranking's queries re-assess them.
    expect(await redis.zcount(keys.due, '-inf', '-inf')).toBe(300);
    for (const minLevel of LEVELS) {
      expect(await risks.rankedNow(minLevel, 1000, now + 1000)).toEqual(
        await risks.ranked(now + 1000, minLevel, 1000),
      );
    }
    await afterCommit!(results.map(([, reply]) => reply));

    expect(await redis.scard(keys.customers)).toBe(300);
    expect(await redis.scard(keys.changed)).toBe(300);
    expect(await redis.hlen(keys.complaintCustomer)).toBe(300);
    expect(await redis.hget(keys.complaintCustomer, 'K-7')).toBe('CU-7');
    expect(await redis.zcard(keys.ranking)).toBe(300);
    expect(await redis.zcard(keys.due)).toBe(300);
    expect(await redis.zcard(keys.assessed)).toBe(300);
    const facts = (await loadFacts(redis, keyPrefix, ['CU-7'])).get('CU-7');
    expect(facts).toMatchObject({
      firstNamedAt: now - 7 * DAY,
      complaints: { 'K-7': { filedAt: now - 7 * DAY } },
      satisfaction: [{ at: now - 7 * DAY + 1000, score: 3 }],
      purchases: [{ at: now - 7 * DAY, amount: 7 }],
    });
    for (const minLevel of LEVELS) {
      expect(await risks.rankedNow(minLevel, 1000, now + 1000)).toEqual(
        await risks.ranked(now + 1000, minLevel, 1000),
      );
    }
  });
});

describe('customer-risk: a catch-up', () => {
  const { keys, redis, store, risks, projectStore } = riskReadModel('risk-catch-up');

  it('leaves the customers it touches due, each assessed once by the refresher, the list as the scan meanwhile and after', async () => {
    const start = Date.now();
    await appendPopulation(store, start, start + 60_000, start + 4 * 60_000);
    // Nothing to do after the commits: no ranking entry is written batch by batch.
    expect(await projectStore({ catchingUp: true })).toBe(0);
    const customers = await redis.scard(keys.customers);
    expect(customers).toBeGreaterThan(60);
    expect(await redis.zcard(keys.ranking)).toBe(0);
    expect(await redis.zcount(keys.due, '-inf', '-inf')).toBe(customers);
    const now = Date.now();
    for (const minLevel of LEVELS) {
      expect(await risks.rankedNow(minLevel, 1000, now)).toEqual(await risks.ranked(now, minLevel, 1000));
    }

    // A pass of the refresher stops after its batches; the next one takes the rest.
    expect(await risks.refreshDueInBatches(now, { maxBatches: 2, batchSize: 25 })).toBe(50);
    expect(await redis.zcount(keys.due, '-inf', now)).toBe(customers - 50);
    expect(await risks.refreshDueInBatches(now, { batchSize: 25 })).toBe(customers - 50);
    expect(await redis.zcount(keys.due, '-inf', now)).toBe(0);
    expect(await redis.zcard(keys.ranking)).toBe(customers);
    for (const at of [now, now + 30 * DAY, now + 200 * DAY]) {
      for (const minLevel of LEVELS) {
        expect(await risks.rankedNow(minLevel, 1000, at)).toEqual(await risks.ranked(at, minLevel, 1000));
      }
    }
  });
});

/**
 * A customer-risk read model of its own: a SQLite store in a temporary directory, keys under a
 * test prefix of the shared Redis, both removed after the describe block.
 */
function riskReadModel(name: string) {
  const dir = makeTempDir(name);
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const keyPrefix = `${prefix}:customer-risk:0`;
  const redis = new Redis(REDIS_URL);
  const store = openTestStore(dir.path);
  afterAll(async () => {
    await store.close();
    redis.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
    dir.remove();
  });
  return {
    keyPrefix,
    keys: riskKeys(keyPrefix),
    redis,
    store,
    risks: new CustomerRiskQuery(redis, () => Promise.resolve(keyPrefix)),
    /**
     * The store's events into the read model in small batches, each in one MULTI as the
     * runner does, with the work left for after each commit run. Returns how many left some.
     */
    async projectStore({ catchingUp }: { catchingUp: boolean }): Promise<number> {
      const events: RecordedEvent[] = await store.readAll({ maxCount: 100_000 });
      let leftWork = 0;
      for (let from = 0; from < events.length; from += 17) {
        const batch = events
          .slice(from, from + 17)
          .filter((event) => customerRiskProjection.eventTypes!.includes(event.type));
        const tx = redis.multi();
        const afterCommit = await customerRiskProjection.project(batch, { redis, tx, keyPrefix, catchingUp });
        const results = (await tx.exec())!;
        expect(results.find(([error]) => error)).toBeUndefined();
        if (afterCommit) {
          leftWork++;
          await afterCommit(results.map(([, reply]) => reply));
        }
      }
      return leftWork;
    },
  };
}

/**
 * A varied population: customers at every level, ties of score and of value, complaints due
 * within seconds and long ago, reopenings, surveys, call-backs, purchases in and out of the
 * windows, facts minutes in the future, customers named only by a profile update, one of
 * them only at `later` (after now), and one whose earliest naming arrived after a later one.
 */
async function appendPopulation(
  store: EventStore,
  now: number,
  dueSoon: number,
  later: number,
): Promise<void> {
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
  await store.appendToStream('customer-CU-LATER', [
    event('CustomerProfileUpdated', { valueTier: 'C' }, later),
  ]);
  await store.appendToStream('complaint-K-ORDER', [complaint('K-ORDER', 'CU-ORDER', later, later + DAY)]);
  await store.appendToStream('customer-CU-ORDER', [
    event('CustomerProfileUpdated', { valueTier: 'C' }, now - DAY),
  ]);
}
