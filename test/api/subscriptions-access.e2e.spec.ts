import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { LOCAL_RECEIVERS } from '../support/webhook-receiver';

/**
 * http-api.md, Integration: the integrator role (every integrator token) and admin see and
 * manage every subscription, whichever token created it. (Which URLs: webhook-targets.e2e.spec.ts.)
 */
describe('webhook subscriptions: who manages them', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  const first = { token: TOKENS.integrator };
  const second = { token: 'integrator-two-0123456789abcdef0123' };
  const admin = { token: TOKENS.admin };

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS: `${API_KEYS},integrator:${second.token}`, ...LOCAL_RECEIVERS });
    http = httpClient(service.url);
  });
  afterAll(() => service.stop());

  it('lets every integrator token and admin read, replay and delete a subscription another token created', async () => {
    const created = await http('POST', '/subscriptions', { ...first, body: { url: 'http://127.0.0.1:9/a' } });
    expect(created.status).toBe(201);
    const id = created.body.subscriptionId;
    for (const who of [second, admin]) {
      expect((await http('GET', `/subscriptions/${id}`, who)).status).toBe(200);
      expect((await http('GET', `/subscriptions/${id}/deliveries`, who)).status).toBe(200);
    }
    const replayed = await http('POST', `/subscriptions/${id}/replay`, {
      ...second,
      body: { fromPosition: '0' },
    });
    expect(replayed.status).toBe(202);
    const byAdmin = await http('POST', '/subscriptions', { ...admin, body: { url: 'http://127.0.0.1:9/b' } });
    expect((await http('DELETE', `/subscriptions/${byAdmin.body.subscriptionId}`, first)).status).toBe(204);
    expect((await http('DELETE', `/subscriptions/${id}`, second)).status).toBe(204);
    expect((await http('GET', `/subscriptions/${id}`, first)).status).toBe(404);
    // Other roles still may not.
    expect((await http('GET', `/subscriptions/${id}`, { token: TOKENS.agent })).status).toBe(403);
  });
});
