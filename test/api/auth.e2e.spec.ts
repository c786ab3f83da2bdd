import { httpClient } from '../support/http-client';
import { startTestApp } from '../support/test-app';

/** Tokens from API_KEYS over the real HTTP server: exact matches only, colons allowed. */
describe('bearer tokens over HTTP', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  const agent = 'agent:with:colons-0123456789abcdef0123';
  const analyst = 'an-analyst-token-0123456789abcdef0123';

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS: `agent:${agent},analyst:${analyst}` });
    http = httpClient(service.url);
  });
  afterAll(() => service.stop());

  it('accepts a token that contains colons, with its role', async () => {
    expect((await http('GET', '/complaints', { token: agent })).status).toBe(200);
    expect(
      (
        await http('GET', '/analytics/funnel?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', {
          token: agent,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await http('GET', '/analytics/funnel?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', {
          token: analyst,
        })
      ).status,
    ).toBe(200);
  });

  it.each([
    ['the part before the first colon', 'agent'],
    ['the part after the first colon', agent.slice('agent:'.length)],
    ['a prefix', agent.slice(0, -1)],
    ['a longer token', `${agent}x`],
    ['another case', agent.toUpperCase()],
    ['an empty token', ''],
  ])('refuses %s with 401', async (_name, token) => {
    const answer = await http('GET', '/complaints', { token });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });
});
