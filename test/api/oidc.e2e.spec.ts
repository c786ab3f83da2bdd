import Redis from 'ioredis';
import { createServer } from 'node:net';
import { SignJWT, UnsecuredJWT } from 'jose';
import { OidcAccessTokens } from '../../apps/api/src/auth/oidc-access-tokens';
import { IdentityProviderUnavailableError, OidcIssuer } from '../../apps/api/src/auth/oidc-issuer';
import { MAX_SIGN_INS_IN_PROGRESS } from '../../apps/api/src/auth/oidc-console-sign-in';
import { CHROMIUM_AVAILABLE, launchChromium } from '../support/chromium';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';
import { TestOidcIssuer } from '../support/test-oidc-issuer';

/** A port free right now on 127.0.0.1 (for PUBLIC_URL, which must be known before the start). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * OpenID Connect sign-in (docs/http-api.md, Authentication), over the real HTTP server and a
 * real issuer in this process (test/support/test-oidc-issuer.ts: discovery, JWKS, authorize and
 * token endpoints, keys made with jose): access tokens beside API keys, and the console's
 * sign-in through the issuer ending in the session cookie. The wait between key-set fetches is
 * shortened from 60 s to 1 s so a rotation can be shown without a minute's sleep.
 */
describe('OpenID Connect sign-in', () => {
  let issuer: TestOidcIssuer;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    // localhost: another site than the service at 127.0.0.1 (for the browser), still loopback.
    issuer = await TestOidcIssuer.start('localhost');
    const port = await freePort();
    Object.assign(env, {
      PORT: String(port),
      OIDC_ISSUER: issuer.url,
      OIDC_AUDIENCE: 'complaint-api',
      OIDC_CLIENT_ID: 'complaint-console',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
  });
  afterAll(() => issuer?.stop());
  const service = useTestApp(env, {
    configure: (config) => ({ ...config, oidc: { ...config.oidc!, keyRefetchCooldownSeconds: 1 } }),
  });

  const filing = (complaintId: string) => ({
    complaintId,
    customerId: 'CU-OIDC',
    channel: 'web',
    category: 'billing',
    severity: 'low',
    description: 'Charged twice',
  });

  /** The actor recorded on the complaint's first event. */
  async function filedBy(complaintId: string): Promise<unknown> {
    const feed = await service.http('GET', '/events?limit=1000', { token: TOKENS.admin });
    expect(feed.status).toBe(200);
    const events = feed.body.events as { streamId: string; actor: unknown }[];
    return events.find((event) => event.streamId.includes(complaintId))?.actor;
  }

  it('accepts an access token per role, records its actor with name and via, and keeps API keys working', async () => {
    const agent = await issuer.sign({ sub: 'kc-7f3a', roles: ['offline_access', 'agent'], name: 'Ana Lima' });
    const filed = await service.http('POST', '/complaints', { token: agent, body: filing('C-OIDC-1') });
    expect(filed.status).toBe(201);
    expect(await filedBy('C-OIDC-1')).toEqual({
      id: 'kc-7f3a',
      role: 'agent',
      name: 'Ana Lima',
      via: 'oidc',
    });

    const analyst = await issuer.sign({ sub: 'an-1', roles: 'analyst', preferred_username: 'bo' });
    const funnel = await service.http(
      'GET',
      '/analytics/funnel?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
      {
        token: analyst,
      },
    );
    expect(funnel.status).toBe(200);
    // The analyst may not file: 403 by role, as for an API key.
    expect(
      (await service.http('POST', '/complaints', { token: analyst, body: filing('C-OIDC-X') })).status,
    ).toBe(403);
    const whoAmI = await service.http('GET', '/console/session', { token: analyst });
    expect(whoAmI.body).toMatchObject({ role: 'analyst', actorId: 'an-1' });

    const auditor = await issuer.sign({ sub: 'au-1', roles: ['auditor'] });
    expect((await service.http('GET', '/audit/verify', { token: auditor })).status).toBe(200);
    const integrator = await issuer.sign({ sub: 'in-1', roles: ['integrator'] });
    expect((await service.http('GET', '/events?limit=1', { token: integrator })).status).toBe(200);
    const admin = await issuer.sign({ sub: 'ad-1', roles: ['admin'] });
    expect((await service.http('GET', '/audit/verify', { token: admin })).status).toBe(200);

    expect((await service.http('GET', '/complaints', { token: TOKENS.agent })).status).toBe(200);
  });

  it('verifies with the keys it holds: no fetch of the key set per request', async () => {
    const token = await issuer.sign({ sub: 'kc-7f3a', roles: ['agent'] });
    expect((await service.http('GET', '/complaints', { token })).status).toBe(200);
    const fetches = issuer.jwksFetches;
    for (let i = 0; i < 5; i += 1) {
      expect((await service.http('GET', '/complaints', { token })).status).toBe(200);
    }
    expect(issuer.jwksFetches).toBe(fetches);
  });

  it('answers 401 for expired, not yet valid, wrong audience, wrong issuer, unknown key, alg none and HMAC with the public key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'kc-7f3a', roles: ['agent'] };
    const stranger = await TestOidcIssuer.newKey();
    const hmacKey = new TextEncoder().encode(JSON.stringify(issuer.current.publicJwk));
    const tokens = {
      // 60 s of leeway: an hour ago is past it.
      expired: await issuer.sign({ ...claims, iat: now - 7200, exp: now - 3600 }),
      'not yet valid': await issuer.sign({ ...claims, nbf: now + 3600 }),
      'without exp': await new SignJWT({ ...claims, iss: issuer.url, aud: 'complaint-api' })
        .setProtectedHeader({ alg: 'RS256', kid: issuer.current.kid })
        .sign(issuer.current.privateKey),
      'wrong audience': await issuer.sign({ ...claims, aud: 'another-api' }),
      'wrong issuer': await issuer.sign({ ...claims, iss: 'http://127.0.0.1:1/elsewhere' }),
      'unknown key': await issuer.sign(claims, stranger),
      'alg none': new UnsecuredJWT({ ...claims, iss: issuer.url, aud: 'complaint-api' })
        .setExpirationTime('5m')
        .encode(),
      'HMAC with the public key': await new SignJWT({ ...claims, iss: issuer.url, aud: 'complaint-api' })
        .setProtectedHeader({ alg: 'HS256', kid: issuer.current.kid })
        .setExpirationTime('5m')
        .sign(hmacKey),
      'a bad signature': (await issuer.sign(claims)).replace(/.{4}$/, 'AAAA'),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const answer = await service.http('GET', '/complaints', { token });
      expect({ name, status: answer.status }).toEqual({ name, status: 401 });
    }
  });

  it('answers 403 for a valid token without a known role, and 401 for one without its actor claim', async () => {
    const noRole = await issuer.sign({ sub: 'kc-7f3a', roles: ['offline_access'] });
    const answer = await service.http('GET', '/complaints', { token: noRole });
    expect(answer.status).toBe(403);
    const noClaim = await issuer.sign({ sub: 'kc-7f3a' });
    expect((await service.http('GET', '/complaints', { token: noClaim })).status).toBe(403);
    const noSubject = await issuer.sign({ sub: undefined, roles: ['agent'] });
    expect((await service.http('GET', '/complaints', { token: noSubject })).status).toBe(401);
  });

  it('picks up a rotated key without a restart, fetching the key set at most once per cooldown', async () => {
    const before = issuer.jwksFetches;
    const old = issuer.current;
    const rotated = await issuer.rotate();
    const token = await issuer.sign({ sub: 'kc-7f3a', roles: ['agent'] }, rotated);
    // Within the cooldown of the last fetch an unknown key is refused without a fetch; after
    // it, one fetch finds the new key. Retried, not timed: the cooldown is 1 s here.
    let status = 0;
    let tries = 0;
    while (status !== 200 && tries < 100) {
      tries += 1;
      status = (await service.http('GET', '/complaints', { token })).status;
      if (status !== 200) {
        expect(status).toBe(401);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(status).toBe(200);
    expect(issuer.jwksFetches - before).toBeLessThanOrEqual(1 + Math.floor(tries / 10));
    // The old key is gone from the set the service now holds: a token it signs no longer passes.
    const stale = await issuer.sign({ sub: 'kc-7f3a', roles: ['agent'] }, old);
    expect((await service.http('GET', '/complaints', { token: stale })).status).toBe(401);
  });

  it('says the identity provider is unavailable (503 at the guard), not the token invalid, when its document cannot be read', async () => {
    const token = await issuer.sign({ sub: 'kc-7f3a', roles: ['agent'] });
    const verifierFor = (issuerUrl: string) =>
      new OidcAccessTokens(
        new OidcIssuer({ ...service.config, oidc: { ...service.config.oidc!, issuer: issuerUrl } }),
      );
    // Nothing listens there.
    await expect(verifierFor(`http://127.0.0.1:${await freePort()}`).verify(token)).rejects.toBeInstanceOf(
      IdentityProviderUnavailableError,
    );
    // The document found there names another issuer (localhost, not 127.0.0.1).
    const elsewhere = issuer.url.replace('localhost', '127.0.0.1');
    await expect(verifierFor(elsewhere).verify(token)).rejects.toBeInstanceOf(
      IdentityProviderUnavailableError,
    );
  });

  describe('the console signing in through the issuer', () => {
    /** The cookie (name=value) of an answer's Set-Cookie headers with this name, if any. */
    const cookieNamed = (answer: Response, name: string) =>
      answer.headers
        .getSetCookie()
        .map((header) => header.split(';')[0])
        .find((pair) => pair.startsWith(`${name}=`) && pair.length > name.length + 1);

    /** Follows the sign-in's redirects by hand (fetch, no browser) as far as the callback. */
    async function toCallback(): Promise<{ callback: string; flow: string | undefined }> {
      const start = await fetch(`${service.url}/console/sign-in`, { redirect: 'manual' });
      expect(start.status).toBe(303);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.origin + authorize.pathname).toBe(`${issuer.url}/authorize`);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${service.url}/console/callback`);
      const flow = cookieNamed(start, 'cl_sign_in');
      expect(start.headers.getSetCookie().join()).toMatch(/HttpOnly; SameSite=Lax/);
      const atIssuer = await fetch(authorize, { redirect: 'manual' });
      expect(atIssuer.status).toBe(302);
      return { callback: atIssuer.headers.get('location')!, flow };
    }

    it('offers the issuer on the sign-in page', async () => {
      const answer = await service.http('GET', '/console/identity-provider', { token: null });
      expect(answer.body).toEqual({ issuer: issuer.url, signInPath: '/console/sign-in' });
    });

    it('ends in the session cookie a token sign-in gives, which reads /complaints as that person', async () => {
      issuer.user = { sub: 'kc-9b1c', name: 'Rui Costa', roles: ['offline_access', 'analyst'] };
      const { callback, flow } = await toCallback();
      expect(callback.startsWith(`${service.url}/console/callback?`)).toBe(true);
      const back = await fetch(callback, { redirect: 'manual', headers: { cookie: flow! } });
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(`${service.url}/console/`);
      const session = cookieNamed(back, 'cl_session');
      expect(session).toBeDefined();
      expect(back.headers.getSetCookie().join()).toMatch(
        /cl_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/,
      );
      const cookie = { cookie: session! };
      const whoAmI = await service.http('GET', '/console/session', { token: null, headers: cookie });
      expect(whoAmI.body).toMatchObject({ role: 'analyst', actorId: 'kc-9b1c' });
      expect((await service.http('GET', '/complaints', { token: null, headers: cookie })).status).toBe(200);
      // The analyst's role, not more.
      expect((await service.http('GET', '/audit/verify', { token: null, headers: cookie })).status).toBe(403);

      // The callback is good once: replayed, with the same flow cookie, it fails.
      const again = await fetch(callback, { redirect: 'manual', headers: { cookie: flow! } });
      expect(again.headers.get('location')).toBe(`${service.url}/console/?sign_in_error=failed`);
      expect(cookieNamed(again, 'cl_session')).toBeUndefined();
      // Signing out ends it as it ends a token's session.
      await service.http('DELETE', '/console/session', { token: null, headers: cookie });
      expect((await service.http('GET', '/complaints', { token: null, headers: cookie })).status).toBe(401);
    });

    it('keeps at most MAX_SIGN_INS_IN_PROGRESS sign-ins in Redis: beyond, 429 and nothing kept; a finished one frees its place', async () => {
      const redis = new Redis(service.config.redisUrl);
      const flows = `${service.config.redisPrefix}:console-sign-ins`;
      try {
        // The bound reached: MAX - 1 flows in progress (expiring in 10 minutes) and one just started.
        const later = Date.now() + 600_000;
        const members = Array.from({ length: MAX_SIGN_INS_IN_PROGRESS - 1 }, (_, i) => [later, `f${i}`]);
        await redis.zadd(flows, ...members.flat());
        issuer.user = { sub: 'kc-9b1c', name: 'Rui Costa', roles: ['analyst'] };
        const { callback, flow } = await toCallback();
        expect(await redis.zcard(flows)).toBe(MAX_SIGN_INS_IN_PROGRESS);
        /** The flows kept (this service's prefix only: the Redis is shared). */
        const flowKeys = async () =>
          (await redis.keys(`${service.config.redisPrefix}:console-sign-in:*`)).length;
        const keysBefore = await flowKeys();
        expect(keysBefore).toBeGreaterThan(0);

        const refused = await fetch(`${service.url}/console/sign-in`, { redirect: 'manual' });
        expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '60']);
        expect(refused.headers.getSetCookie()).toEqual([]);
        expect(await flowKeys()).toBe(keysBefore);

        // The started one comes back: its place is free, and a new sign-in starts.
        const back = await fetch(callback, { redirect: 'manual', headers: { cookie: flow! } });
        expect(cookieNamed(back, 'cl_session')).toBeDefined();
        expect(await redis.zcard(flows)).toBe(MAX_SIGN_INS_IN_PROGRESS - 1);
        expect((await fetch(`${service.url}/console/sign-in`, { redirect: 'manual' })).status).toBe(303);
        // Expired flows leave the count by themselves.
        await redis.zadd(flows, ...members.map(([, member]) => [Date.now() - 1, member]).flat());
        await toCallback();
        expect(await redis.zcard(flows)).toBe(2);
      } finally {
        await redis.del(flows);
        redis.disconnect();
      }
    });

    it('refuses a callback without the browser’s flow cookie, and a person without a known role', async () => {
      issuer.user = { sub: 'kc-9b1c', name: 'Rui Costa', roles: ['analyst'] };
      const { callback } = await toCallback();
      const stranger = await fetch(callback, { redirect: 'manual' });
      expect(stranger.headers.get('location')).toBe(`${service.url}/console/?sign_in_error=failed`);
      expect(cookieNamed(stranger, 'cl_session')).toBeUndefined();

      issuer.user = { sub: 'kc-0000', name: 'No Role', roles: ['offline_access'] };
      const noRole = await toCallback();
      const refused = await fetch(noRole.callback, { redirect: 'manual', headers: { cookie: noRole.flow! } });
      expect(refused.headers.get('location')).toBe(`${service.url}/console/?sign_in_error=no-role`);
      expect(cookieNamed(refused, 'cl_session')).toBeUndefined();
    });

    (CHROMIUM_AVAILABLE ? it : it.skip)(
      'signs in from the console page in Chromium: the button, the issuer, back signed in',
      async () => {
        // Mia Chen files a complaint with her access token as an agent, then reads its history
        // in the console as an auditor: the history names her.
        const asAgent = await issuer.sign({ sub: 'kc-5e2d', name: 'Mia Chen', roles: ['agent'] });
        const filed = await service.http('POST', '/complaints', { token: asAgent, body: filing('C-MIA') });
        expect(filed.status).toBe(201);
        issuer.user = { sub: 'kc-5e2d', name: 'Mia Chen', roles: ['auditor'] };
        const browser = await launchChromium();
        try {
          const page = await browser.context.newPage();
          await page.goto(`${service.url}/console/`);
          const button = page.locator('#identity-provider-link');
          await button.waitFor({ state: 'visible' });
          expect(await button.textContent()).toBe(`Sign in with ${new URL(issuer.url).host}`);
          await button.click();
          await page.waitForSelector('#sign-out:not([hidden])');
          expect(page.url()).toBe(`${service.url}/console/`);
          expect(await page.textContent('#who')).toBe('Signed in as Mia Chen (auditor, identity provider)');
          await page.goto(`${service.url}/console/#complaint?id=C-MIA`);
          const filedRow = '#complaint-events tr[data-revision="0"]';
          await page.waitForSelector(`${filedRow} [data-field=actor]`);
          expect(await page.textContent(`${filedRow} [data-field=actor]`)).toBe('Mia Chen (agent)');
          expect(await page.textContent(`${filedRow} [data-field=signedInWith]`)).toBe('identity provider');

          // A person the issuer gives no known role comes back signed out, told why.
          await page.click('#sign-out');
          await page.waitForSelector('#sign-in:not([hidden])');
          issuer.user = { sub: 'kc-0001', name: 'No Role', roles: [] };
          await page.click('#identity-provider-link');
          await page.waitForFunction(() =>
            (document.getElementById('message')?.textContent ?? '').includes('none of the roles'),
          );
          expect(page.url()).toBe(`${service.url}/console/`);
        } finally {
          await browser.close();
        }
      },
    );
  });
});
