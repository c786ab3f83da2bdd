import { createHash, createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@cl/config';
import { httpClient } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';

/**
 * API_KEYS entries and the actors they record (docs/http-api.md, Authentication and roles), over
 * the real HTTP server: a named entry's actor id is its own; an unnamed one's is a keyed HMAC
 * of the token, never a plain digest; tokens too short, repeated, of an unknown role or with a
 * repeated actor id refuse the start without quoting the token.
 */
describe('API key actors', () => {
  const agentToken = 'unnamed-agent-0123456789abcdef0123456789';
  const namedToken = 'named-agent-0123456789abcdef0123456789ab';
  const integratorToken = 'integrator-0123456789abcdef0123456789ab';
  const secret = 'actor-secret-for-tests-0123456789abcdef';
  const keys = `agent:${agentToken},claire.m@agent:${namedToken},integrator:${integratorToken}`;
  const hmacId = (role: string, token: string, key: string) =>
    `${role}-${createHmac('sha256', key).update(token).digest('hex').slice(0, 16)}`;
  const plainDigest = (token: string) => createHash('sha256').update(token).digest('hex');

  const filing = (complaintId: string) => ({
    body: {
      complaintId,
      customerId: 'CU-A',
      channel: 'web',
      category: 'billing',
      severity: 'low',
      description: 'Charged twice',
    },
  });

  /** The actors of the feed's events, in order. */
  async function feedActors(url: string): Promise<{ id: string; role: string }[]> {
    const feed = await httpClient(url)('GET', '/events?limit=1000', { token: integratorToken });
    expect(feed.status).toBe(200);
    return (feed.body.events as { actor: { id: string; role: string } | null }[]).flatMap((event) =>
      event.actor ? [event.actor] : [],
    );
  }

  /** The problems a start with these settings is refused for. */
  async function refusedStart(env: Record<string, string>): Promise<string> {
    const start = startTestApp(env);
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    return ((await start.catch((error: unknown) => error)) as ConfigError).problems.join('\n');
  }

  it.each([
    [
      'a token shorter than 32 characters',
      `agent:${agentToken},auditor:short-token-0123456789abcdef012`,
      /entry 2 \(auditor\) has a token of 31 characters/,
      'short-token-0123456789abcdef012',
    ],
    [
      'a repeated token',
      `agent:${agentToken},analyst:${namedToken},admin:${agentToken}`,
      /entry 3 \(admin\) repeats the token of entry 1/,
      agentToken,
    ],
    [
      'an unknown role',
      `agent:${agentToken},superuser:${namedToken}`,
      /entry 2 has an unknown role/,
      namedToken,
    ],
    [
      'a repeated actor id',
      `bo@agent:${agentToken},bo@auditor:${namedToken}`,
      /entry 2 \(auditor\) repeats the actor id bo of entry 1/,
      namedToken,
    ],
  ])(
    'refuses to start with %s, naming place and role, never the token',
    async (_name, apiKeys, message, token) => {
      const problems = await refusedStart({ API_KEYS: apiKeys });
      expect(problems).toMatch(message);
      expect(problems).not.toContain(token);
      expect(problems).not.toContain(token.slice(0, 12));
    },
  );

  it("records a named entry's actor id, and an unnamed one's keyed HMAC, never a plain digest", async () => {
    const service = await startTestApp({ API_KEYS: keys, ACTOR_ID_SECRET: secret });
    try {
      const http = httpClient(service.url);
      expect((await http('POST', '/complaints', { ...filing('AI-1'), token: namedToken })).status).toBe(201);
      expect((await http('POST', '/complaints', { ...filing('AI-2'), token: agentToken })).status).toBe(201);
      const history = await http('GET', '/complaints/AI-1/history', { token: namedToken });
      expect(history.status).toBe(200);
      expect(history.body.events[0].actor).toEqual({ id: 'claire.m', role: 'agent', via: 'api-key' });

      const actors = await feedActors(service.url);
      expect(actors).toEqual([
        { id: 'claire.m', role: 'agent', via: 'api-key' },
        { id: hmacId('agent', agentToken, secret), role: 'agent', via: 'api-key' },
      ]);
      const unnamed = actors[1].id.slice('agent-'.length);
      expect(unnamed).toMatch(/^[0-9a-f]{16}$/);
      for (const token of [agentToken, namedToken, integratorToken]) {
        expect(plainDigest(token).includes(unnamed)).toBe(false);
      }
    } finally {
      await service.stop();
    }
  });

  it('generates the actor secret once into DATA_DIR (0600): the same id after a restart', async () => {
    const work = makeTempDir('actor-secret');
    const dataDir = join(work.path, 'data');
    try {
      let service = await startTestApp({ API_KEYS: keys, DATA_DIR: dataDir });
      const file = join(dataDir, 'actor-id.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const generated = readFileSync(file, 'utf8').trim();
      expect(Buffer.from(generated, 'base64')).toHaveLength(32);
      await httpClient(service.url)('POST', '/complaints', { ...filing('AR-1'), token: agentToken });
      const before = await feedActors(service.url);
      await service.stop(); // DATA_DIR is the test's: it stays

      service = await startTestApp({ API_KEYS: keys, DATA_DIR: dataDir });
      try {
        expect(readFileSync(file, 'utf8').trim()).toBe(generated);
        await httpClient(service.url)('POST', '/complaints', { ...filing('AR-2'), token: agentToken });
        const after = await feedActors(service.url);
        expect(before).toEqual([
          { id: hmacId('agent', agentToken, generated), role: 'agent', via: 'api-key' },
        ]);
        expect(after).toEqual([before[0], before[0]]);
      } finally {
        await service.stop();
      }
    } finally {
      work.remove();
    }
  });
});
