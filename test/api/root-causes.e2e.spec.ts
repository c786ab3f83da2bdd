import { TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';

/**
 * Root causes over the real HTTP server (docs/domain.md, Root cause): recorded by an agent
 * in any status, any number of times, the latest one on the complaint's view, every one in
 * its history.
 */
describe('root causes', () => {
  const service = useTestApp();
  const { http } = service;

  const file = (id: string, occurredAt: string, fields: object = {}) =>
    expectOk(
      http('POST', '/complaints', {
        body: {
          complaintId: id,
          customerId: `CU-${id}`,
          occurredAt,
          channel: 'web',
          category: 'delivery',
          severity: 'low',
          description: 'd',
          ...fields,
        },
      }),
    );
  const recordCause = (id: string, body: object, options: { token?: string; key?: string } = {}) =>
    http('POST', `/complaints/${id}/root-cause`, {
      body,
      token: options.token,
      headers: options.key ? { 'idempotency-key': options.key } : {},
    });

  describe('POST /complaints/:id/root-cause', () => {
    it('records RootCauseRecorded in any status; the view shows the latest, the history every one', async () => {
      await file('RC-1', '2026-03-01T09:00:00Z');
      const first = await recordCause('RC-1', {
        cause: 'packaging',
        note: 'first guess',
        occurredAt: '2026-03-01T10:00:00Z',
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ complaintId: 'RC-1', revision: 1 });
      await expectOk(
        http('POST', '/complaints/RC-1/close', { body: { occurredAt: '2026-03-02T00:00:00Z' } }),
      );
      const second = await recordCause('RC-1', {
        cause: 'courier_damage',
        occurredAt: '2026-03-03T00:00:00Z',
      });
      expect(second.status).toBe(200);
      expect(second.body.revision).toBe(3);

      const view = await http('GET', '/complaints/RC-1', { token: TOKENS.analyst });
      expect(view.body).toMatchObject({
        status: 'closed',
        rootCause: { cause: 'courier_damage', at: '2026-03-03T00:00:00.000Z' },
      });
      expect(view.body.rootCause).not.toHaveProperty('note');
      const history = await http('GET', '/complaints/RC-1/history', { token: TOKENS.auditor });
      expect(
        history.body.events
          .filter((event: { type: string }) => event.type === 'RootCauseRecorded')
          .map((event: { data: object; actor: { role: string } }) => [event.data, event.actor.role]),
      ).toEqual([
        [{ cause: 'packaging', note: 'first guess' }, 'agent'],
        [{ cause: 'courier_damage' }, 'agent'],
      ]);
    });

    it('a retry with the same Idempotency-Key records it once and answers the same', async () => {
      await file('RC-2', '2026-03-01T09:00:00Z');
      const body = { cause: 'billing_system_error', occurredAt: '2026-03-01T09:30:00Z' };
      const first = await recordCause('RC-2', body, { key: 'rc-2-cause' });
      const retry = await recordCause('RC-2', body, { key: 'rc-2-cause' });
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      const stream = await service.store.readStream('complaint-RC-2');
      expect(stream.map((event) => event.type)).toEqual(['ComplaintFiled', 'RootCauseRecorded']);
    });

    it('refuses a cause that is not an id, a role other than agent, an unknown complaint', async () => {
      await file('RC-3', '2026-03-01T09:00:00Z');
      expect((await recordCause('RC-3', { cause: 'courier damage' })).status).toBe(400);
      expect((await recordCause('RC-3', {})).status).toBe(400);
      expect((await recordCause('RC-3', { cause: 'x', note: '' })).status).toBe(400);
      expect((await recordCause('RC-3', { cause: 'x' }, { token: TOKENS.analyst })).status).toBe(403);
      expect((await recordCause('RC-none', { cause: 'x' })).status).toBe(404);
      const earlier = await recordCause('RC-3', { cause: 'x', occurredAt: '2026-02-01T00:00:00Z' });
      expect(earlier.status).toBe(422);
    });
  });
  describe('GET /analytics/problems?by=cause', () => {
    // [2025-06-01, 2025-07-01) and the 30 days before it; low severity: 72 h to resolve.
    beforeAll(async () => {
      const resolve = (id: string, occurredAt: string) =>
        expectOk(
          http('POST', `/complaints/${id}/resolution`, {
            body: { resolutionType: 'apology', summary: 's', occurredAt },
          }),
        );
      await file('PC-1', '2025-06-02T00:00:00Z');
      await expectOk(recordCause('PC-1', { cause: 'packaging', occurredAt: '2025-06-02T01:00:00Z' }));
      await resolve('PC-1', '2025-06-02T02:00:00Z');
      // The latest counts: recorded again after the resolution.
      await expectOk(recordCause('PC-1', { cause: 'courier_damage', occurredAt: '2025-06-03T00:00:00Z' }));
      await file('PC-2', '2025-06-03T00:00:00Z'); // still open: breached
      await expectOk(recordCause('PC-2', { cause: 'courier_damage', occurredAt: '2025-06-03T01:00:00Z' }));
      await file('PC-3', '2025-06-04T00:00:00Z'); // no root cause
      await resolve('PC-3', '2025-06-04T01:00:00Z');
      await file('PQ-1', '2025-05-10T00:00:00Z'); // the previous period
      await expectOk(recordCause('PQ-1', { cause: 'courier_damage', occurredAt: '2025-05-10T01:00:00Z' }));
      await resolve('PQ-1', '2025-05-10T02:00:00Z');
      await expectOk(
        http('POST', '/complaints/PQ-1/satisfaction', {
          body: {
            respondent: { contactId: 'P1', role: 'user' },
            score: 4,
            occurredAt: '2025-05-11T00:00:00Z',
          },
        }),
      );
      await service.projectionsCaughtUp();
    });

    it("groups by each complaint's latest root cause, none where none was recorded", async () => {
      const answer = await http(
        'GET',
        '/analytics/problems?from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z&by=cause',
        {
          token: TOKENS.analyst,
        },
      );
      expect(answer.status).toBe(200);
      const none = { count: 0, breachRate: 0, reopenRate: 0, avgSatisfaction: null };
      expect(answer.body).toEqual({
        from: '2025-06-01T00:00:00.000Z',
        to: '2025-07-01T00:00:00.000Z',
        by: 'cause',
        rows: [
          {
            key: 'courier_damage',
            count: 2,
            breachRate: 0.5,
            reopenRate: 0,
            avgSatisfaction: null,
            previous: { count: 1, breachRate: 0, reopenRate: 0, avgSatisfaction: 4 },
            change: { count: 1, breachRate: 0.5, reopenRate: 0, avgSatisfaction: null },
          },
          {
            key: 'none',
            count: 1,
            breachRate: 0,
            reopenRate: 0,
            avgSatisfaction: null,
            previous: none,
            change: { count: 1, breachRate: 0, reopenRate: 0, avgSatisfaction: null },
          },
        ],
      });
    });

    it('another grouping is 400', async () => {
      const answer = await http(
        'GET',
        '/analytics/problems?from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z&by=rootCause',
        { token: TOKENS.analyst },
      );
      expect(answer.status).toBe(400);
    });
  });
});
