import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';

describe('Console sign-in: POST/GET/DELETE /console/session and the session cookie', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  const period = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';

  /** Signs in with the token; the cookie (name=value) the answer sets. */
  async function signIn(token: string): Promise<string> {
    const answer = await http('POST', '/console/session', { token: null, body: { token } });
    expect(answer.status).toBe(200);
    return answer.headers.get('set-cookie')!.split(';')[0];
  }

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS });
    http = httpClient(service.url);
  });

  afterAll(() => service.stop());

  it('sets an HttpOnly, SameSite=Strict cookie for a known token and says who signed in', async () => {
    const answer = await http('POST', '/console/session', { token: null, body: { token: TOKENS.analyst } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ role: 'analyst', repurchaseWindows: [30, 90, 180] });
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cl_console_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain(TOKENS.analyst);
    const whoAmI = await http('GET', '/console/session', {
      token: null,
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(whoAmI.status).toBe(200);
    expect(whoAmI.body.role).toBe('analyst');
  });

  it('answers 401 for an unknown token and 400 for a missing one, setting no cookie', async () => {
    const unknown = await http('POST', '/console/session', { token: null, body: { token: 'nope' } });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('set-cookie')).toBeNull();
    const missing = await http('POST', '/console/session', { token: null, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('set-cookie')).toBeNull();
  });

  it("lets GET requests through with the cookie, with the token's role (403 beyond it)", async () => {
    const cookie = await signIn(TOKENS.analyst);
    const funnel = await http('GET', `/analytics/funnel?${period}`, { token: null, headers: { cookie } });
    expect(funnel.status).toBe(200);
    expect(funnel.body.groups).toBeDefined();
    const audit = await http('GET', '/audit/verify', { token: null, headers: { cookie } });
    expect(audit.status).toBe(403);
    const bogus = await http('GET', `/analytics/funnel?${period}`, {
      token: null,
      headers: { cookie: 'cl_console_session=forged-session-id' },
    });
    expect(bogus.status).toBe(401);
  });

  it('never runs a command on the cookie alone (CSRF): 401 and nothing written', async () => {
    const cookie = await signIn(TOKENS.agent);
    const complaint = {
      complaintId: 'CSRF-1',
      customerId: 'CU-C',
      channel: 'web',
      category: 'billing',
      severity: 'low',
      description: 'd',
    };
    const answer = await http('POST', '/complaints', { token: null, body: complaint, headers: { cookie } });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toMatch(/GET requests only/);
    expect((await http('GET', '/complaints/CSRF-1', { token: null, headers: { cookie } })).status).toBe(404);
    // The same command with the header works: the cookie did not get in the way.
    expect((await http('POST', '/complaints', { body: complaint, headers: { cookie } })).status).toBe(201);
  });

  it('signs out with DELETE: the cookie is cleared and the old session no longer works', async () => {
    const cookie = await signIn(TOKENS.auditor);
    expect((await http('GET', '/audit/verify', { token: null, headers: { cookie } })).status).toBe(200);
    const out = await http('DELETE', '/console/session', { token: null, headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^cl_console_session=;.*Max-Age=0/);
    const after = await http('GET', '/audit/verify', { token: null, headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/session has ended/);
  });

  it('opens the live stream and the queues dashboard by cookie', async () => {
    const integrator = await signIn(TOKENS.integrator);
    const controller = new AbortController();
    const stream = await fetch(`${service.url}/events/stream`, {
      headers: { cookie: integrator },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
    const admin = await signIn(TOKENS.admin);
    expect((await http('GET', '/admin/queues', { token: null, headers: { cookie: admin } })).status).toBe(
      200,
    );
    expect(
      (await http('GET', '/admin/queues', { token: null, headers: { cookie: integrator } })).status,
    ).toBe(403);
  });

  it('serves the console and Chart.js without a token, same origin only', async () => {
    const redirect = await fetch(`${service.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/console/');
    const page = await http('GET', '/console/', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.text).toContain('vendor/chart.umd.min.js');
    const chart = await http('GET', '/console/vendor/chart.umd.min.js', { token: null });
    expect(chart.status).toBe(200);
    expect(chart.text).toContain('Chart');
    expect((await http('GET', '/console/vendor/chart.cjs', { token: null })).status).toBe(404);
  });
});
