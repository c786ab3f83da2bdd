import Redis from 'ioredis';
import { projectionKeys, type ProjectionFailing } from '@cl/projections';
import { RecoveryBoard } from '@cl/redis';
import { API_KEYS, TOKENS } from '../support/http-client';
import { startPrivateRedis } from '../support/private-redis';
import { startTestApp } from '../support/test-app';
import { eventually } from '../support/webhook-receiver';

describe('GET /health', () => {
  it('reports the event store and Redis up, without a token', async () => {
    const service = await startTestApp();
    try {
      // The timers' scheduler sets its sentinel job once it has started, after the app answers.
      let response = await fetch(`${service.url}/health`);
      for (let tries = 0; tries < 100; tries++) {
        const body = (await response.clone().json()) as { queues?: { timers?: { delayed?: number } } };
        if (body.queues?.timers?.delayed === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
        response = await fetch(`${service.url}/health`);
      }
      expect(response.status).toBe(200);
      // warnings (a Redis without persistence) depend on the Redis: test/operations/redis-settings.
      const { warnings: _warnings, ...body } = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual({
        status: 'ok',
        eventStore: 'up',
        redis: 'up',
        projections: {
          'complaint-list': { position: '0', lag: 0, state: 'running' },
          funnel: { position: '0', lag: 0, state: 'running' },
          'customer-risk': { position: '0', lag: 0, state: 'running' },
          'complaint-milestones': { position: '0', lag: 0, state: 'running' },
          'corrective-actions': { position: '0', lag: 0, state: 'running' },
        },
        // The timers' queue holds only its sentinel job.
        queues: { timers: { waiting: 0, delayed: 1, active: 0, completed: 0, failed: 0 } },
      });
    } finally {
      await service.stop();
    }
  });

  it('says recovering while a part catches up again, with the reason to an admin token only', async () => {
    const service = await startTestApp({ API_KEYS });
    const redis = new Redis(service.config.redisUrl);
    try {
      const board = new RecoveryBoard(redis, service.config.redisPrefix);
      await board.begin('projection:funnel', 'recorded for store A, but the store is B');
      const anonymous = await fetch(`${service.url}/health`);
      expect(anonymous.status).toBe(200);
      const shown = (await anonymous.json()) as { status: string; recovering: unknown[] };
      expect(shown.status).toBe('recovering');
      expect(shown.recovering).toEqual([{ component: 'projection:funnel', since: expect.any(String) }]);
      for (const token of [TOKENS.analyst, 'not-a-token']) {
        const other = await fetch(`${service.url}/health`, { headers: { authorization: `Bearer ${token}` } });
        expect(((await other.json()) as { recovering: unknown[] }).recovering).toEqual(shown.recovering);
      }
      const admin = await fetch(`${service.url}/health`, {
        headers: { authorization: `Bearer ${TOKENS.admin}` },
      });
      expect(((await admin.json()) as { recovering: unknown[] }).recovering).toEqual([
        {
          component: 'projection:funnel',
          since: expect.any(String),
          reason: 'recorded for store A, but the store is B',
        },
      ]);
      await board.end('projection:funnel');
      const after = (await (await fetch(`${service.url}/health`)).json()) as Record<string, unknown>;
      expect(after.status).toBe('ok');
      expect(after).not.toHaveProperty('recovering');
    } finally {
      redis.disconnect();
      await service.stop();
    }
  });

  it('shows a failing projection as failing, its error and position to an admin only', async () => {
    const service = await startTestApp({ API_KEYS });
    const redis = new Redis(service.config.redisUrl);
    try {
      // What the funnel's runner records when project() throws on the event at 999 (the runner
      // itself is proved in test/projections/projection-independence.spec.ts).
      const failing: ProjectionFailing = {
        error: 'Invalid DateTime: unparsable occurredAt',
        position: '999',
        attempts: 3,
        since: new Date().toISOString(),
        retryAt: new Date(Date.now() + 4000).toISOString(),
      };
      await redis.set(
        projectionKeys(service.config.redisPrefix, 'funnel').failing('0'),
        JSON.stringify(failing),
      );
      const health = async (token?: string) => {
        const response = await fetch(`${service.url}/health`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as { projections: Record<string, unknown> }).projections;
      };
      expect((await health()).funnel).toEqual({ position: '0', lag: 0, state: 'failing' });
      expect((await health(TOKENS.agent)).funnel).toEqual({ position: '0', lag: 0, state: 'failing' });
      expect((await health(TOKENS.admin)).funnel).toEqual({
        position: '0',
        lag: 0,
        state: 'failing',
        error: failing.error,
        failingAt: '999',
        attempts: 3,
        retryAt: failing.retryAt,
      });
      expect((await health(TOKENS.admin))['complaint-list']).toEqual({
        position: '0',
        lag: 0,
        state: 'running',
      });
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toContain('cl_projection_failed{projection="funnel"} 3');
      expect(metrics).toContain('cl_projection_failing_position{projection="funnel"} 999');
    } finally {
      redis.disconnect();
      await service.stop();
    }
  });

  it('answers 503 when Redis is down', async () => {
    const service = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, []);
    try {
      const response = await fetch(`${service.url}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'error', eventStore: 'up', redis: 'down' });
    } finally {
      await service.stop();
    }
  });

  it('says a Redis found evicting after the start is evicting; the policy and the warnings to an admin token only', async () => {
    // A private Redis without persistence (a warning) that turns evicting while the service runs.
    const redis = await startPrivateRedis([]);
    const service = await startTestApp({ API_KEYS, REDIS_URL: redis.url }, []);
    const client = new Redis(redis.url);
    const health = async (token?: string) => {
      const response = await fetch(`${service.url}/health`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      expect((await health(TOKENS.admin)).body.warnings).toEqual([
        expect.stringMatching(/^Redis keeps nothing/),
      ]);
      expect((await health()).body).not.toHaveProperty('warnings');
      await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
      // The settings are read again at a reconnect: cut the service's connections.
      await client.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
      await eventually(async () => (await health()).status === 503, 10_000, '/health 503');
      const anonymous = await health();
      expect(anonymous.body).toMatchObject({ status: 'error', eventStore: 'up', redis: 'evicting' });
      expect(anonymous.body).not.toHaveProperty('warnings');
      expect((await health(TOKENS.analyst)).body.redis).toBe('evicting');
      const admin = await health(TOKENS.admin);
      expect(admin.status).toBe(503);
      expect(admin.body).toMatchObject({ redis: 'evicting: maxmemory-policy allkeys-lru' });
      expect(admin.body.warnings).toEqual([expect.stringMatching(/^Redis keeps nothing/)]);
    } finally {
      client.disconnect();
      await service.stop();
      await redis.stop();
    }
  }, 60_000);
});
