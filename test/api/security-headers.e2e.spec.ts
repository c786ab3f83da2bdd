import { TOKENS, type HttpAnswer } from '../support/http-client';
import { useTestApp } from '../support/test-app';

/** docs/http-api.md, Operations: security headers on every answer, frame-ancestors 'none' for the console. */
describe('security headers', () => {
  const service = useTestApp();
  const { http } = service;

  const expectSecurityHeaders = (answer: HttpAnswer) => {
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('strict-transport-security')).toBe('max-age=15552000');
  };

  it('on JSON answers, commands and queries', async () => {
    const filed = await http('POST', '/complaints', {
      body: { customerId: 'CU-H', channel: 'web', category: 'billing', severity: 'low', description: 'd' },
    });
    expect(filed.status).toBe(201);
    expectSecurityHeaders(filed);
    const read = await http('GET', `/complaints/${filed.body.complaintId}`);
    expect(read.status).toBe(200);
    expectSecurityHeaders(read);
  });

  it('on error answers: 401, 403, 404, 400, 413, 415', async () => {
    const answers = [
      [401, await http('GET', '/complaints', { token: null })],
      [401, await http('GET', '/complaints', { token: 'not-a-token' })],
      [403, await http('GET', '/analytics/funnel', { token: TOKENS.agent })],
      [404, await http('GET', '/complaints/NOPE')],
      [404, await http('GET', '/no-such-route', { token: null })],
      [
        400,
        await http('POST', '/complaints', { rawBody: '{', headers: { 'content-type': 'application/json' } }),
      ],
      [413, await http('POST', '/complaints', { rawBody: `"${'x'.repeat(70_000)}"` })],
      [415, await http('POST', '/complaints', { rawBody: 'x', headers: { 'content-type': 'text/plain' } })],
    ] as const;
    for (const [status, answer] of answers) {
      expect(answer.status).toBe(status);
      expectSecurityHeaders(answer);
    }
  });

  it('on /health, /metrics and CSV answers', async () => {
    const health = await http('GET', '/health', { token: null });
    expect(health.status).toBe(200);
    expectSecurityHeaders(health);
    expectSecurityHeaders(await http('GET', '/metrics', { token: null }));
    const csv = await http('GET', '/analytics/problems?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', {
      token: TOKENS.analyst,
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expectSecurityHeaders(csv);
  });

  it("on the console, whose CSP forbids framing (frame-ancestors 'none') and scripts from elsewhere", async () => {
    for (const path of [
      '/console/',
      '/console/app.js',
      '/console/style.css',
      '/console/vendor/chart.umd.min.js',
    ]) {
      const answer = await http('GET', path, { token: null });
      expect(answer.status).toBe(200);
      expectSecurityHeaders(answer);
      const policy = answer.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("script-src 'self'");
    }
  });

  it('keeps /docs (Swagger UI) working: no CSP there to refuse its scripts and styles', async () => {
    const docs = await http('GET', '/docs', { token: null });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    expect(docs.headers.get('content-security-policy')).toBeNull();
    expectSecurityHeaders(docs);
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js', '/docs/swagger-ui.css']) {
      const answer = await http('GET', asset, { token: null });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-security-policy')).toBeNull();
    }
    const document = await http('GET', '/docs-json', { token: null });
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
  });
});
