import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';

/**
 * RATE_LIMIT_PER_MINUTE over the real HTTP server: two API processes on one Redis prefix
 * share each actor's budget; over it, 429 with Retry-After, nothing written and the
 * Idempotency-Key left free for the retry.
 */
describe('request rate limit', () => {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  // Two API processes of one deployment share ACTOR_ID_SECRET, so a token is one actor on both.
  const env = {
    API_KEYS,
    ACTOR_ID_SECRET: 'rate-limit-actor-secret-0123456789abcdef',
    REDIS_PREFIX: prefix,
    RATE_LIMIT_PER_MINUTE: '5',
    ROLE: 'api',
  };
  let a: Awaited<ReturnType<typeof startTestApp>>;
  let b: Awaited<ReturnType<typeof startTestApp>>;
  let redis: Redis;

  beforeAll(async () => {
    a = await startTestApp(env);
    b = await startTestApp(env);
    redis = new Redis(a.config.redisUrl);
  });
  afterAll(async () => {
    redis.disconnect();
    await a.stop();
    await b.stop();
  });

  /** Ends the current window of every counter of the given kind, as a minute passing would. */
  async function endWindow(kind: 'actor' | 'ip'): Promise<void> {
    const counters = await redis.keys(`${prefix}:rate-limit:${kind}:*`);
    expect(counters.length).toBeGreaterThan(0);
    for (const counter of counters) await redis.pexpire(counter, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('shares one budget per token across processes, answers 429 without writing or consuming the key', async () => {
    const [httpA, httpB] = [httpClient(a.url), httpClient(b.url)];
    for (let i = 0; i < 3; i++) expect((await httpA('GET', '/complaints')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await httpB('GET', '/complaints')).status).toBe(200);

    const storeB = b.app.get<EventStore>(EVENT_STORE);
    const head = await storeB.headPosition();
    const file = {
      body: {
        customerId: 'CU-1',
        channel: 'phone',
        category: 'billing',
        severity: 'high',
        description: 'Charged twice',
      },
      headers: { 'idempotency-key': 'over-the-limit' },
    };
    const refused = await httpB('POST', '/complaints', file);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/5 requests per minute/),
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await storeB.headPosition()).toBe(head);
    expect((await httpA('GET', '/complaints')).status).toBe(429);

    // Monitoring and the API document are never limited; another token has its own budget.
    expect((await httpA('GET', '/health', { token: null })).status).toBe(200);
    expect((await httpA('GET', '/metrics', { token: null })).status).toBe(200);
    expect((await httpA('GET', '/docs-json', { token: null })).status).toBe(200);
    expect((await httpA('GET', '/complaints', { token: TOKENS.analyst })).status).toBe(200);

    await endWindow('actor');
    const accepted = await httpB('POST', '/complaints', file);
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('idempotent-replayed')).toBeNull();
    expect(await storeB.headPosition()).not.toBe(head);
    const replayed = await httpB('POST', '/complaints', file);
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.text).toBe(accepted.text);
  });

  it('counts requests without a known token against their IP address', async () => {
    const http = httpClient(a.url);
    for (let i = 0; i < 5; i++)
      expect((await http('GET', '/complaints', { token: 'guess' })).status).toBe(401);
    const refused = await http('GET', '/complaints', { token: null });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // Without TRUST_PROXY, X-Forwarded-For is the client's word: it opens no new budget.
    const forwarded = await http('GET', '/complaints', {
      token: null,
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(forwarded.status).toBe(429);
    await endWindow('ip');
  });

  it('is off when RATE_LIMIT_PER_MINUTE is not set', async () => {
    const open = await startTestApp({ API_KEYS, ROLE: 'api' });
    try {
      const http = httpClient(open.url);
      for (let i = 0; i < 12; i++) expect((await http('GET', '/complaints')).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

/**
 * Behind a trusted proxy (TRUST_PROXY=127.0.0.1, where the tests connect from) every request
 * comes from one address: cookie requests still count per session actor, and unauthenticated
 * ones per client address from X-Forwarded-For.
 */
describe('request rate limit behind a trusted proxy', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    service = await startTestApp({
      API_KEYS,
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '5',
      ROLE: 'api',
    });
    http = httpClient(service.url);
  });
  afterAll(() => service.stop());

  async function signIn(token: string, client: string): Promise<string> {
    const answer = await http('POST', '/console/session', {
      token: null,
      body: { token },
      headers: { 'x-forwarded-for': client },
    });
    expect(answer.status).toBe(200);
    return answer.headers.get('set-cookie')!.split(';')[0];
  }

  it('counts cookie requests per session actor: two actors behind one proxy address, two budgets', async () => {
    const analyst = await signIn(TOKENS.analyst, '198.51.100.1');
    const auditor = await signIn(TOKENS.auditor, '198.51.100.2');
    const get = (cookie: string) => http('GET', '/complaints', { token: null, headers: { cookie } });
    for (let i = 0; i < 5; i++) expect((await get(analyst)).status).toBe(200);
    expect((await get(analyst)).status).toBe(429);
    // The same actor by bearer token shares the budget; another actor has its own.
    expect((await http('GET', '/complaints', { token: TOKENS.analyst })).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await get(auditor)).status).toBe(200);
    expect((await get(auditor)).status).toBe(429);
  });

  it('counts unauthenticated requests per X-Forwarded-For client', async () => {
    const from = (client: string) =>
      http('GET', '/complaints', { token: null, headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 5; i++) expect((await from('203.0.113.1')).status).toBe(401);
    expect((await from('203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(401);
    // The rightmost untrusted address is the client: a proxy chain ending at 203.0.113.1.
    expect((await from('192.0.2.50, 203.0.113.1')).status).toBe(429);
  });
});
