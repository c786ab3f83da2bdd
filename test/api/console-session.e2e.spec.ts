import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';

const SESSION_ID = '[A-Za-z0-9_-]{43}';

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
    // Plain http, no trusted proxy, no COOKIE_SECURE: the cookie a browser keeps over http.
    expect(cookie).toMatch(new RegExp(`^cl_session=${SESSION_ID};`));
    expect(cookie).not.toContain('Secure');
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
      headers: { cookie: 'cl_session=forged-session-id' },
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
    expect(out.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^__Host-cl_session=;.*Max-Age=0.*; Secure$/),
      expect.stringMatching(/^cl_session=;.*Max-Age=0/),
    ]);
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

/**
 * The cookie's name and Secure flag follow how the request came (docs/http-api.md, Operations):
 * over https through a TRUST_PROXY address, or under COOKIE_SECURE=true, `__Host-cl_session`
 * with Secure; X-Forwarded-Proto from any other peer counts for nothing.
 */
describe('Console cookie: https through a trusted proxy, COOKIE_SECURE', () => {
  const overHttps = { 'x-forwarded-proto': 'https' };

  async function signInOn(url: string, headers: Record<string, string> = {}): Promise<string> {
    const answer = await httpClient(url)('POST', '/console/session', {
      token: null,
      body: { token: TOKENS.auditor },
      headers,
    });
    expect(answer.status).toBe(200);
    return answer.headers.get('set-cookie')!;
  }

  it('is __Host-cl_session with Secure when a trusted proxy says the request came over https', async () => {
    const service = await startTestApp({ API_KEYS, TRUST_PROXY: '127.0.0.1' });
    try {
      const cookie = await signInOn(service.url, overHttps);
      expect(cookie).toMatch(
        new RegExp(`^__Host-cl_session=${SESSION_ID}; Path=/; HttpOnly; SameSite=Strict;`),
      );
      expect(cookie).toMatch(/; Secure$/);
      expect(cookie).not.toContain('Domain');
      const http = httpClient(service.url);
      const whoAmI = await http('GET', '/console/session', {
        token: null,
        headers: { cookie: cookie.split(';')[0] },
      });
      expect(whoAmI.status).toBe(200);
      expect(whoAmI.body.role).toBe('auditor');
      // The same proxy forwarding plain http: the plain cookie.
      expect(await signInOn(service.url, { 'x-forwarded-proto': 'http' })).toMatch(/^cl_session=/);
    } finally {
      await service.stop();
    }
  });

  it.each([
    ['no TRUST_PROXY', {}],
    ['TRUST_PROXY naming another address', { TRUST_PROXY: '10.0.0.1,192.168.0.0/16' }],
  ])(
    'ignores X-Forwarded-Proto from an untrusted peer (%s): cl_session without Secure',
    async (_name, env) => {
      const service = await startTestApp({ API_KEYS, ...env });
      try {
        const cookie = await signInOn(service.url, overHttps);
        expect(cookie).toMatch(new RegExp(`^cl_session=${SESSION_ID}; Path=/; HttpOnly; SameSite=Strict;`));
        expect(cookie).not.toContain('Secure');
      } finally {
        await service.stop();
      }
    },
  );

  it('is Secure over plain http under COOKIE_SECURE=true', async () => {
    const service = await startTestApp({ API_KEYS, COOKIE_SECURE: 'true' });
    try {
      const cookie = await signInOn(service.url);
      expect(cookie).toMatch(new RegExp(`^__Host-cl_session=${SESSION_ID};`));
      expect(cookie).toMatch(/; Secure$/);
    } finally {
      await service.stop();
    }
  });
});

/** CONSOLE_SESSION_IDLE_MINUTES: a session without a request ends; one kept busy lives on. */
describe('Console session idle end', () => {
  it('ends a session left idle and keeps one in use alive', async () => {
    // 0.02 min = 1.2 s without a request.
    const service = await startTestApp({ API_KEYS, CONSOLE_SESSION_IDLE_MINUTES: '0.02' });
    try {
      const http = httpClient(service.url);
      const signIn = async () => {
        const answer = await http('POST', '/console/session', {
          token: null,
          body: { token: TOKENS.analyst },
        });
        expect(answer.status).toBe(200);
        return answer.headers.get('set-cookie')!.split(';')[0];
      };
      const [idle, busy] = [await signIn(), await signIn()];
      const ask = (cookie: string) => http('GET', '/console/session', { token: null, headers: { cookie } });
      // 2.4 s in all, a request every 0.4 s on the busy one: twice the idle time.
      for (let i = 0; i < 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect((await ask(busy)).status).toBe(200);
      }
      const ended = await ask(idle);
      expect(ended.status).toBe(401);
      expect(ended.body.message).toMatch(/session has ended/);
      expect((await ask(busy)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });
});
