import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { openSse } from '../support/sse-client';
import { startTestApp } from '../support/test-app';
import { STORE_UNDER_TEST } from '../support/test-store';
import { eventually } from '../support/webhook-receiver';

/**
 * docs/http-api.md, Integration: at most WEBHOOK_MAX_SUBSCRIPTIONS subscriptions per actor (409
 * beyond, nothing recorded) and SSE_MAX_STREAMS open live streams per actor (429 beyond),
 * through the real HTTP server; both set to 2 here.
 */
describe('per-actor limits on subscriptions and live streams', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  let store: EventStore;
  const SECOND_TOKEN = 'integrator-two-token-0123456789abcdef';
  const THIRD_TOKEN = 'integrator-three-token-0123456789abcdef';
  const first = { token: TOKENS.integrator };
  const second = { token: SECOND_TOKEN };
  const third = { token: THIRD_TOKEN };
  const subscribe = (who: { token: string }, path = 'x') =>
    http('POST', '/subscriptions', { ...who, body: { url: `http://127.0.0.1:9/${path}` } });
  /** Every subscription the store records as created, whoever created it. */
  const createdInStore = async () =>
    (
      await store.readAll({
        maxCount: 10_000,
        filter: { streamPrefix: 'subscription-', eventTypes: ['SubscriptionCreated'] },
      })
    ).length;

  beforeAll(async () => {
    service = await startTestApp({
      API_KEYS: `${API_KEYS},integrator:${SECOND_TOKEN},integrator:${THIRD_TOKEN}`,
      WEBHOOK_MAX_SUBSCRIPTIONS: '2',
      SSE_MAX_STREAMS: '2',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    http = httpClient(service.url);
    store = service.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(() => service.stop());

  it('refuses the subscription beyond WEBHOOK_MAX_SUBSCRIPTIONS with 409, writes nothing, and counts per actor and without deleted ones', async () => {
    const [a] = [await subscribe(first, 'a'), await subscribe(first, 'b')];
    expect(a.status).toBe(201);
    const before = await createdInStore();
    const refused = await subscribe(first, 'c');
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: expect.stringContaining('WEBHOOK_MAX_SUBSCRIPTIONS'),
      limit: 2,
    });
    expect(await createdInStore()).toBe(before);
    // Another actor has its own count.
    expect((await subscribe(second, 'd')).status).toBe(201);
    // A deleted one frees its place.
    expect((await http('DELETE', `/subscriptions/${a.body.subscriptionId}`, first)).status).toBe(204);
    expect((await subscribe(first, 'e')).status).toBe(201);
    expect((await subscribe(first, 'f')).status).toBe(409);
  });

  it('lets only as many of concurrent creations at the limit pass as there is room for', async () => {
    const before = await createdInStore();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => subscribe(third, `race-${i}`)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409, 409]);
    expect(await createdInStore()).toBe(before + 2);
    const listed = await http('GET', '/subscriptions', third);
    expect(listed.body.items).toHaveLength(2);
  });

  // Several API processes share one store only on EventStoreDB (SQLite's file has one process).
  (STORE_UNDER_TEST === 'esdb' ? it : it.skip)(
    'holds the limit across API processes sharing the store and Redis',
    async () => {
      const FOURTH_TOKEN = 'integrator-four-token-0123456789abcdef';
      const env = {
        API_KEYS: `${API_KEYS},integrator:${FOURTH_TOKEN}`,
        WEBHOOK_MAX_SUBSCRIPTIONS: '2',
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
        DATA_DIR: service.config.dataDir,
        REDIS_PREFIX: service.config.redisPrefix,
        ROLE: 'api',
      };
      const [one, two] = [await startTestApp(env), await startTestApp(env)];
      try {
        const before = await createdInStore();
        const fourth = { token: FOURTH_TOKEN };
        const answers = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            httpClient(i % 2 === 0 ? one.url : two.url)('POST', '/subscriptions', {
              ...fourth,
              body: { url: `http://127.0.0.1:9/split-${i}` },
            }),
          ),
        );
        expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
        expect(await createdInStore()).toBe(before + 2);
      } finally {
        await one.stop();
        await two.stop();
      }
    },
  );

  it('answers 429 to the live stream beyond SSE_MAX_STREAMS, before streaming, and frees a closed stream’s slot', async () => {
    const url = `${service.url}/events/stream`;
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const open = [await openSse(url, auth(TOKENS.integrator)), await openSse(url, auth(TOKENS.integrator))];
    try {
      expect(open.map((stream) => stream.status)).toEqual([200, 200]);
      const refused = await fetch(url, { headers: auth(TOKENS.integrator) });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/application\/json/);
      expect(await refused.json()).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringContaining('SSE_MAX_STREAMS'),
      });
      // Another actor has its own slots.
      const other = await openSse(url, auth(SECOND_TOKEN));
      expect(other.status).toBe(200);
      other.close();

      // Closing one frees its slot (once the server noticed the client left).
      open.shift()!.close();
      let reopened: Awaited<ReturnType<typeof openSse>> | undefined;
      await eventually(
        async () => {
          const attempt = await openSse(url, auth(TOKENS.integrator));
          if (attempt.status === 200) reopened = attempt;
          else attempt.close();
          return attempt.status === 200;
        },
        10_000,
        'a freed live-stream slot',
      );
      open.push(reopened!);
      expect((await fetch(url, { headers: auth(TOKENS.integrator) })).status).toBe(429);
    } finally {
      for (const stream of open) stream.close();
    }
  });
});
