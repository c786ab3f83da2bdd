import { createHash, randomUUID } from 'node:crypto';
import type { EventStore } from '@cl/event-store';
import { EVENT_STORE } from '@cl/event-store/nest';
import { SecretBox } from '@cl/integration';
import { appendChained } from '../support/chained-events';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { LOCAL_RECEIVERS } from '../support/webhook-receiver';

/**
 * docs/http-api.md, Integration: a subscription belongs to the token (actor) that created it. For
 * every other integrator it does not exist (404 exactly as an unknown id, absent from
 * GET /subscriptions); admin sees and manages all. Which URLs: webhook-targets.e2e.spec.ts.
 */
describe('webhook subscriptions: who manages them', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  const SECOND_TOKEN = 'integrator-two-token-0123456789abcdef';
  const first = { token: TOKENS.integrator };
  const second = { token: SECOND_TOKEN };
  const admin = { token: TOKENS.admin };
  const ids = (answer: { body: { items: { subscriptionId: string }[] } }) =>
    answer.body.items.map((item) => item.subscriptionId);

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS: `${API_KEYS},integrator:${SECOND_TOKEN}`, ...LOCAL_RECEIVERS });
    http = httpClient(service.url);
  });
  afterAll(() => service.stop());

  it('shows and lets manage a subscription only to the token that created it, and to admin', async () => {
    const a = await http('POST', '/subscriptions', { ...first, body: { url: 'http://127.0.0.1:9/a' } });
    const b = await http('POST', '/subscriptions', { ...second, body: { url: 'http://127.0.0.1:9/b' } });
    expect([a.status, b.status]).toEqual([201, 201]);
    const [idA, idB] = [a.body.subscriptionId as string, b.body.subscriptionId as string];
    expect(a.body.ownerId).toEqual(expect.any(String));
    expect(b.body.ownerId).not.toBe(a.body.ownerId);

    // The list: each its own; admin every one, with its owner.
    expect(ids(await http('GET', '/subscriptions', first))).toEqual([idA]);
    expect(ids(await http('GET', '/subscriptions', second))).toEqual([idB]);
    const all = await http('GET', '/subscriptions', admin);
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual([idA, idB]);
    expect(all.body.next).toBeNull();
    const listed = all.body.items[0];
    // The same view as GET /subscriptions/:id; where delivery stands moves on between the two calls.
    const moving = ['deliveredUpTo', 'status', 'deadLetteredFrom', 'failingSince', 'nextAttemptAt'];
    const settled = (view: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(view).filter(([field]) => !moving.includes(field)));
    const single = (await http('GET', `/subscriptions/${idA}`, first)).body;
    expect(Object.keys(listed).sort()).toEqual(Object.keys(single).sort());
    expect(settled(listed)).toEqual(settled(single));
    expect(listed.secret).toBeUndefined();

    // Another integrator gets exactly what an unknown id gets, on every route.
    const unknown = '00000000-0000-4000-8000-000000000000';
    const asOther = [
      ['GET', `/subscriptions/${idA}`],
      ['GET', `/subscriptions/${idA}/deliveries`],
      ['POST', `/subscriptions/${idA}/replay`, { fromPosition: '0' }],
      ['DELETE', `/subscriptions/${idA}`],
    ] as const;
    for (const [method, path, body] of asOther) {
      const answer = await http(method, path, { ...second, ...(body && { body }) });
      const missing = await http(method, path.replace(idA, unknown), { ...second, ...(body && { body }) });
      expect([method, path, answer.status]).toEqual([method, path, 404]);
      expect(answer.body).toEqual({ ...missing.body, message: missing.body.message.replace(unknown, idA) });
      expect(answer.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `Subscription ${idA} not found`,
      });
    }
    // Nothing was replayed or deleted by those.
    expect((await http('GET', `/subscriptions/${idA}`, first)).body.fromPosition).toBe(a.body.fromPosition);

    // Its owner manages it.
    expect((await http('GET', `/subscriptions/${idA}/deliveries`, first)).status).toBe(200);
    expect(
      (await http('POST', `/subscriptions/${idA}/replay`, { ...first, body: { fromPosition: '0' } })).status,
    ).toBe(202);

    // Admin sees and manages both.
    for (const id of [idA, idB]) {
      expect((await http('GET', `/subscriptions/${id}`, admin)).status).toBe(200);
      expect((await http('GET', `/subscriptions/${id}/deliveries`, admin)).status).toBe(200);
    }
    expect(
      (await http('POST', `/subscriptions/${idB}/replay`, { ...admin, body: { fromPosition: '0' } })).status,
    ).toBe(202);
    expect((await http('DELETE', `/subscriptions/${idB}`, admin)).status).toBe(204);
    expect(ids(await http('GET', '/subscriptions', second))).toEqual([]);
    expect((await http('GET', `/subscriptions/${idB}`, second)).status).toBe(404);

    // A subscription admin creates is admin's: not an integrator's to see.
    const byAdmin = await http('POST', '/subscriptions', { ...admin, body: { url: 'http://127.0.0.1:9/c' } });
    expect((await http('GET', `/subscriptions/${byAdmin.body.subscriptionId}`, first)).status).toBe(404);
    expect((await http('DELETE', `/subscriptions/${byAdmin.body.subscriptionId}`, first)).status).toBe(404);
    expect(ids(await http('GET', '/subscriptions', first))).toEqual([idA]);
    expect((await http('DELETE', `/subscriptions/${idA}`, first)).status).toBe(204);
    expect((await http('GET', `/subscriptions/${idA}`, first)).status).toBe(404);
    // Other roles still may not.
    expect((await http('GET', `/subscriptions/${idA}`, { token: TOKENS.agent })).status).toBe(403);
    expect((await http('GET', '/subscriptions', { token: TOKENS.agent })).status).toBe(403);
  });

  it('pages the list with limit and cursor, oldest first', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await http('POST', '/subscriptions', {
        ...second,
        body: { url: `http://127.0.0.1:9/p${i}` },
      });
      created.push(answer.body.subscriptionId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof http>> = await http(
        'GET',
        `/subscriptions?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
        second,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.body.next;
    } while (cursor !== null);
    expect(seen).toEqual(created);
    expect((await http('GET', '/subscriptions?limit=0', second)).status).toBe(400);
    expect((await http('GET', '/subscriptions?cursor=abc', second)).status).toBe(400);
  });

  it("keeps a subscription created before actor ids were HMACs its creator's (owned under the former, plain-digest id)", async () => {
    const formerId = `integrator-${createHash('sha256').update(TOKENS.integrator, 'utf8').digest('hex').slice(0, 16)}`;
    const store = service.app.get<EventStore>(EVENT_STORE);
    const subscriptionId = randomUUID();
    await appendChained(
      store,
      `subscription-${subscriptionId}`,
      [
        {
          type: 'SubscriptionCreated',
          data: {
            subscriptionId,
            url: 'http://127.0.0.1:9/former',
            eventTypes: null,
            streamPrefix: null,
            fromPosition: (await store.headPosition()).toString(),
            encryptedSecret: service.app.get(SecretBox).seal('whsec_former', subscriptionId),
            ownerId: formerId,
          },
        },
      ],
      { id: formerId, role: 'integrator' },
    );
    expect(ids(await http('GET', '/subscriptions', first))).toContain(subscriptionId);
    expect((await http('GET', `/subscriptions/${subscriptionId}`, first)).status).toBe(200);
    expect(ids(await http('GET', '/subscriptions', second))).not.toContain(subscriptionId);
    expect((await http('GET', `/subscriptions/${subscriptionId}`, second)).status).toBe(404);
    expect((await http('DELETE', `/subscriptions/${subscriptionId}`, first)).status).toBe(204);
  });
});
