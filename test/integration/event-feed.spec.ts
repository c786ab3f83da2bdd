import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend } from '@cl/event-store';
import { readFeedPage } from '@cl/integration';
import { makeTempDir } from '../support/temp-dir';
import { openTestStore } from '../support/test-store';

const event = (type: string): EventToAppend => ({ id: randomUUID(), type, data: {}, metadata: {} });

describe('readFeedPage (the feed and webhooks, on the test store)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: EventStore;

  beforeEach(() => {
    dir = makeTempDir('event-feed');
    store = openTestStore(dir.path);
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('fills a page past internal events, which it never publishes', async () => {
    await store.appendToStream('complaint-1', [event('A'), event('B')]);
    await store.appendToStream('subscription-S1', [event('SubscriptionCreated')]);
    await store.appendToStream('complaint-2', [event('C'), event('D')]);
    const page = await readFeedPage(store, { after: 0n, limit: 3, selection: {} });
    expect(page.events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(page.next).toBe(page.events[2].position);
    const rest = await readFeedPage(store, { after: page.next, limit: 3, selection: {} });
    expect(rest.events.map((e) => e.type)).toEqual(['D']);
  });

  it('a rare selection examines about its budget per page and moves on, skipping nothing', async () => {
    for (let i = 0; i < 5; i++) await store.appendToStream(`complaint-common-${i}`, [event('X'), event('Y')]);
    await store.appendToStream('customer-rare', [event('Rare')]);
    await store.appendToStream('complaint-common-9', [event('X')]);
    const selection = { streamPrefix: 'customer-', types: ['Rare'] };
    let after = 0n;
    let pages = 0;
    const found: string[] = [];
    for (;;) {
      const page = await readFeedPage(store, { after, limit: 10, selection, scanBudget: 3 });
      pages++;
      found.push(...page.events.map((e) => e.streamId));
      if (page.next === after) break;
      after = page.next;
    }
    expect(found).toEqual(['customer-rare']);
    // 12 events, 3 at most per page: at least 4 pages before the one that found nothing new.
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(after).toBe(await store.headPosition());
  });
});
