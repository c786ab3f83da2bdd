import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, EventToAppend } from '@cl/event-store';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';

/**
 * GET /events against the real service on a real SQLite file: paging by position while other
 * appends run, filters that still advance, the public categories only, and bad input.
 */
describe('GET /events (SQLite, Redis, real server)', () => {
  const service = useTestApp();
  const { http } = service;
  let store: EventStore;
  const integrator = { token: TOKENS.integrator };

  beforeAll(async () => {
    store = service.app.get<EventStore>(EVENT_STORE);
  });

  const events = (count: number, type: string): EventToAppend[] =>
    Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type,
      data: { index },
      metadata: { occurredAt: new Date().toISOString() },
    }));

  /** Pages from `after` until the feed says nothing new exists; every page checked on the way. */
  async function pageThrough(query: string, after = '0', stopAt?: bigint) {
    const seen: { position: string; streamId: string; type: string; eventId: string }[] = [];
    let pages = 0;
    for (;;) {
      const answer = await http('GET', `/events?after=${after}${query}`, integrator);
      expect(answer.status).toBe(200);
      const page = answer.body as { events: typeof seen; next: string };
      pages++;
      for (const event of page.events) {
        expect(BigInt(event.position)).toBeGreaterThan(BigInt(after));
        expect(BigInt(event.position)).toBeLessThanOrEqual(BigInt(page.next));
      }
      seen.push(...page.events);
      if (page.next === after && (stopAt === undefined || BigInt(after) >= stopAt)) break;
      expect(BigInt(page.next)).toBeGreaterThanOrEqual(BigInt(after));
      after = page.next;
    }
    return { seen, next: after, pages };
  }

  it('pages through 10,000 events while appends run: each exactly once, in position order', async () => {
    // Some already there, the rest appended while the feed is read, with internal streams mixed in.
    for (let i = 0; i < 10; i++)
      await store.appendToStream(`complaint-pre-${i}`, events(200, 'ComplaintFiled'));
    let appending = true;
    const writer = (async () => {
      for (let i = 0; i < 80; i++) {
        await store.appendToStream(`customer-live-${i}`, events(100, 'PurchaseRecorded'));
        await store.appendToStream(`subscription-live-${i}`, events(2, 'SubscriptionCreated'));
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      appending = false;
    })();
    const all: string[] = [];
    const filtered: string[] = [];
    let after = '0';
    let filteredAfter = '0';
    while (appending || all.length < 10_000) {
      const [page, filteredPage] = await Promise.all([
        http('GET', `/events?after=${after}&limit=333`, integrator),
        http('GET', `/events?after=${filteredAfter}&limit=97&types=ComplaintFiled`, integrator),
      ]);
      expect(page.status).toBe(200);
      expect(filteredPage.status).toBe(200);
      all.push(...(page.body.events as { position: string }[]).map((event) => event.position));
      filtered.push(...(filteredPage.body.events as { position: string }[]).map((event) => event.position));
      after = page.body.next;
      filteredAfter = filteredPage.body.next;
      if (!appending && page.body.events.length === 0) break;
    }
    await writer;
    const rest = await pageThrough('&limit=1000', after);
    all.push(...rest.seen.map((event) => event.position));
    const restFiltered = await pageThrough('&types=ComplaintFiled', filteredAfter);
    filtered.push(...restFiltered.seen.map((event) => event.position));

    const stored = await store.readAll({ maxCount: 100_000 });
    const published = stored.filter((event) => !event.streamId.startsWith('subscription-'));
    expect(all).toEqual(published.map((event) => event.position.toString()));
    // The test's own 10,000 among them (beside what the service itself recorded meanwhile: seals, risk changes).
    const own = published.filter((event) => /^(complaint-pre|customer-live)-/.test(event.streamId));
    expect(own).toHaveLength(10_000);
    expect(filtered).toEqual(
      published.filter((event) => event.type === 'ComplaintFiled').map((event) => event.position.toString()),
    );
    expect(filtered).toHaveLength(2000);
  });

  it('a filter matching nothing still advances next to the highest position examined', async () => {
    const head = await store.headPosition();
    const answer = await http('GET', '/events?types=NoSuchType&limit=5', integrator);
    expect(answer.status).toBe(200);
    expect(answer.body.events).toEqual([]);
    expect(answer.body.next).toBe(head.toString());
    // Nothing new: the same `after` comes back.
    const again = await http('GET', `/events?after=${head}&types=NoSuchType`, integrator);
    expect(again.body).toEqual({ events: [], next: head.toString() });
  });

  it('next is the last event of a full page; streamPrefix and the shared event shape', async () => {
    const position = await store.appendToStream('customer-C-77', events(3, 'PurchaseRecorded'));
    const after = (position.position - 3n).toString();
    const answer = await http('GET', `/events?after=${after}&limit=2&streamPrefix=customer-C-7`, integrator);
    expect(answer.status).toBe(200);
    expect(answer.body.events).toHaveLength(2);
    expect(answer.body.next).toBe(answer.body.events[1].position);
    expect(answer.body.events[0]).toEqual({
      eventId: expect.any(String),
      streamId: 'customer-C-77',
      type: 'PurchaseRecorded',
      revision: 0,
      position: (position.position - 2n).toString(),
      occurredAt: expect.any(String),
      recordedAt: expect.any(String),
      actor: null,
      correlationId: null,
      causationId: null,
      data: { index: 0 },
      hash: null,
      prevHash: null,
    });
  });

  it('never publishes internal streams, even when asked by prefix', async () => {
    await store.appendToStream('subscription-secret', events(1, 'SubscriptionCreated'));
    const answer = await http('GET', '/events?streamPrefix=subscription-&limit=1000', integrator);
    expect(answer.status).toBe(200);
    expect(answer.body.events).toEqual([]);
  });

  it('clamps limit at 1000 and refuses bad input with 400', async () => {
    const far = await http('GET', '/events?after=9223372036854775807', integrator);
    expect(far.body).toEqual({ events: [], next: '9223372036854775807' });
    const clamped = await http('GET', '/events?limit=5000', integrator);
    expect(clamped.status).toBe(200);
    expect(clamped.body.events).toHaveLength(1000);
    const defaulted = await http('GET', '/events', integrator);
    expect(defaulted.body.events).toHaveLength(100);
    for (const query of [
      'limit=0',
      'limit=-1',
      'limit=abc',
      'after=-1',
      'after=1.5',
      'after=abc',
      'after=9223372036854775808',
      'after=99999999999999999999',
      'after=1&after=2',
      'types=',
      'types=A,,B',
      'streamPrefix=',
      'unknown=1',
    ]) {
      const answer = await http('GET', `/events?${query}`, integrator);
      expect([query, answer.status]).toEqual([query, 400]);
      expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });

  it('needs the integrator (or admin) role', async () => {
    expect((await http('GET', '/events', { token: null })).status).toBe(401);
    expect((await http('GET', '/events', { token: TOKENS.agent })).status).toBe(403);
    expect((await http('GET', '/events?limit=1', { token: TOKENS.admin })).status).toBe(200);
  });
});
