import Redis from 'ioredis';
import { projectionKeys, type ProjectionFailing } from '@cl/projections';
import { API_KEYS, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';

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
      expect(await response.json()).toEqual({
        status: 'ok',
        eventStore: 'up',
        redis: 'up',
        projections: {
          'complaint-list': { position: '0', lag: 0, state: 'running' },
          funnel: { position: '0', lag: 0, state: 'running' },
          'customer-risk': { position: '0', lag: 0, state: 'running' },
          'complaint-milestones': { position: '0', lag: 0, state: 'running' },
        },
        // The timers' queue holds only its sentinel job.
        queues: { timers: { waiting: 0, delayed: 1, active: 0, completed: 0, failed: 0 } },
      });
    } finally {
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
});
