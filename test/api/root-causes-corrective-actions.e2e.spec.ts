import { TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';

/**
 * Root causes and corrective actions over the real HTTP server (docs/domain.md, Root cause
 * and Corrective actions): a root cause is recorded by an agent in any status, any number of
 * times, the latest one on the complaint's view and in the problems report's by=cause; a
 * corrective action is opened, completed once, listed, counted overdue in /metrics, and its
 * effect measured, by hand below.
 */
describe('root causes and corrective actions', () => {
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
  describe('corrective actions', () => {
    const openAction = (body: object, token?: string) => http('POST', '/corrective-actions', { body, token });
    const complete = (id: string, body: object, token?: string) =>
      http('POST', `/corrective-actions/${id}/completion`, { body, token });
    const effects = (query: string) =>
      http('GET', `/analytics/corrective-actions?${query}`, { token: TOKENS.analyst });

    // LM-*: cause label_misprint (category shipping); LY-*: category loyalty, no cause.
    beforeAll(async () => {
      const withCause = async (id: string, filedAt: string, cause = 'label_misprint') => {
        await file(id, filedAt, { category: 'shipping' });
        const at = new Date(Date.parse(filedAt) + 3_600_000).toISOString();
        await expectOk(recordCause(id, { cause, occurredAt: at }));
      };
      await withCause('LM-0', '2023-12-01T00:00:00Z');
      await withCause('LM-1', '2024-01-20T00:00:00Z');
      await withCause('LM-2', '2024-02-01T00:00:00Z');
      await withCause('LM-3', '2024-02-10T00:00:00Z');
      await withCause('LM-4', '2024-02-14T00:00:00Z');
      // Recorded as label_misprint, then found to be packaging: the latest counts.
      await withCause('LM-X', '2024-02-12T00:00:00Z');
      await expectOk(recordCause('LM-X', { cause: 'packaging', occurredAt: '2024-02-13T00:00:00Z' }));
      await withCause('LM-5', '2024-02-20T00:00:00Z');
      await withCause('LM-6', '2024-03-05T00:00:00Z');
      await file('LY-1', '2024-02-05T00:00:00Z', { category: 'loyalty' });
      await file('LY-2', '2024-02-25T00:00:00Z', { category: 'loyalty' });

      expect(
        (
          await openAction({
            actionId: 'CA-1',
            target: { by: 'cause', value: 'label_misprint' },
            description: 'Replace the label printer firmware',
            owner: 'ops-lead',
            dueAt: '2024-03-01T00:00:00Z',
            occurredAt: '2024-01-01T00:00:00Z',
          })
        ).status,
      ).toBe(201);
      await expectOk(
        openAction({
          actionId: 'CA-2',
          target: { by: 'category', value: 'loyalty' },
          description: 'Rewrite the loyalty terms',
          owner: 'marketing',
          dueAt: '2024-02-20T00:00:00Z',
          occurredAt: '2024-02-01T00:00:00Z',
        }),
      );
      await expectOk(
        openAction({
          actionId: 'CA-3',
          target: { by: 'branch', value: 'BR-9' },
          description: 'Train the branch staff',
          owner: 'hr',
          dueAt: '2099-01-01T00:00:00Z',
        }),
      );
      // Completed mid-scenario: between LM-4 and LM-5.
      const completed = await complete('CA-1', {
        note: 'Firmware 2.1 rolled out',
        occurredAt: '2024-02-15T00:00:00Z',
      });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({
        actionId: 'CA-1',
        revision: 1,
        completedAt: '2024-02-15T00:00:00.000Z',
      });
      await service.projectionsCaughtUp();
    });

    it('completes once: 409 the second time, 404 for an unknown action, 422 before its opening', async () => {
      const again = await complete('CA-1', {});
      expect(again.status).toBe(409);
      expect(again.body.status).toBe('completed');
      expect((await complete('CA-none', {})).status).toBe(404);
      expect((await complete('CA-2', { occurredAt: '2024-01-01T00:00:00Z' })).status).toBe(422);
      const stream = await service.store.readStream('correctiveAction-CA-1');
      expect(stream.map((event) => [event.type, event.data])).toEqual([
        [
          'CorrectiveActionOpened',
          {
            actionId: 'CA-1',
            target: { by: 'cause', value: 'label_misprint' },
            description: 'Replace the label printer firmware',
            owner: 'ops-lead',
            dueAt: '2024-03-01T00:00:00.000Z',
          },
        ],
        [
          'CorrectiveActionCompleted',
          { completedAt: '2024-02-15T00:00:00.000Z', note: 'Firmware 2.1 rolled out' },
        ],
      ]);
    });

    it('refuses a bad target, an existing id, and roles other than agent', async () => {
      const body = {
        target: { by: 'cause', value: 'x' },
        description: 'd',
        owner: 'o',
        dueAt: '2099-01-01T00:00:00Z',
      };
      expect((await openAction({ ...body, target: { by: 'cause', value: 'not an id' } })).status).toBe(400);
      expect((await openAction({ ...body, target: { by: 'channel', value: 'web' } })).status).toBe(400);
      expect((await openAction({ ...body, target: 'cause' })).status).toBe(400);
      expect((await openAction({ ...body, actionId: 'CA-1' })).status).toBe(409);
      expect((await openAction(body, TOKENS.analyst)).status).toBe(403);
      expect((await complete('CA-2', {}, TOKENS.analyst)).status).toBe(403);
      expect((await http('GET', '/corrective-actions', { token: TOKENS.auditor })).status).toBe(403);
      expect((await http('GET', '/analytics/corrective-actions')).status).toBe(403);
    });

    it('lists open, completed and overdue actions (agent and analyst)', async () => {
      const ids = async (query: string, token?: string) => {
        const answer = await http('GET', `/corrective-actions${query}`, { token });
        expect(answer.status).toBe(200);
        return answer.body.items.map((item: { actionId: string }) => item.actionId);
      };
      expect(await ids('')).toEqual(['CA-2', 'CA-1', 'CA-3']);
      expect(await ids('?status=open', TOKENS.analyst)).toEqual(['CA-2', 'CA-3']);
      expect(await ids('?status=completed')).toEqual(['CA-1']);
      expect(await ids('?status=overdue')).toEqual(['CA-2']);
      expect((await http('GET', '/corrective-actions?status=late')).status).toBe(400);
      const all = (await http('GET', '/corrective-actions')).body.items;
      expect(all[0]).toEqual({
        actionId: 'CA-2',
        target: { by: 'category', value: 'loyalty' },
        description: 'Rewrite the loyalty terms',
        owner: 'marketing',
        dueAt: '2024-02-20T00:00:00.000Z',
        openedAt: '2024-02-01T00:00:00.000Z',
        status: 'open',
        overdue: true,
      });
      expect(all[1]).toMatchObject({
        status: 'completed',
        overdue: false,
        completedAt: '2024-02-15T00:00:00.000Z',
      });
    });

    it('counts the overdue actions in /metrics', async () => {
      const metrics = await http('GET', '/metrics', { token: null });
      expect(metrics.text).toMatch(/^cl_corrective_actions_overdue 1$/m);
    });

    it('measures before and after completion, by hand (windowDays=30, asOf 2024-03-01)', async () => {
      const answer = await effects('asOf=2024-03-01T00:00:00Z&windowDays=30');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        asOf: '2024-03-01T00:00:00.000Z',
        windowDays: 30,
        // CA-3 was opened after asOf.
        actions: [
          {
            actionId: 'CA-1',
            target: { by: 'cause', value: 'label_misprint' },
            dueAt: '2024-03-01T00:00:00.000Z',
            completedAt: '2024-02-15T00:00:00.000Z',
            // [01-16, 02-15): LM-1, LM-2, LM-3, LM-4 (LM-X is packaging now, LM-0 too early).
            before: { complaints: 4, perThirtyDays: 4 },
            // [02-15, 03-01): 15 days (2024 is a leap year), LM-5.
            after: { complaints: 1, perThirtyDays: 2, days: 15 },
            change: -2,
          },
          {
            actionId: 'CA-2',
            target: { by: 'category', value: 'loyalty' },
            dueAt: '2024-02-20T00:00:00.000Z',
            completedAt: null,
            // Open: the 30 days up to asOf, [01-31, 03-01): LY-1, LY-2.
            before: { complaints: 2, perThirtyDays: 2 },
            after: null,
            change: null,
          },
        ],
      });
    });

    it('measures with the default 90 days, the after window growing until it is as long', async () => {
      const answer = await effects('asOf=2024-04-01T00:00:00Z');
      expect(answer.body.windowDays).toBe(90);
      const [first, second] = answer.body.actions;
      // [2023-11-17, 02-15): LM-0 to LM-4; [02-15, 04-01): 46 days, LM-5 and LM-6.
      expect(first.before).toEqual({ complaints: 5, perThirtyDays: (5 * 30) / 90 });
      expect(first.after).toEqual({ complaints: 2, perThirtyDays: (2 * 30) / 46, days: 46 });
      expect(first.change).toBeCloseTo((2 * 30) / 46 - (5 * 30) / 90, 12);
      expect(second).toMatchObject({
        completedAt: null,
        before: { complaints: 2, perThirtyDays: (2 * 30) / 90 },
      });
      // Before the completion, the completed action is measured as open.
      const earlier = await effects('asOf=2024-02-14T12:00:00Z&windowDays=30');
      expect(earlier.body.actions[0]).toMatchObject({ actionId: 'CA-1', completedAt: null, after: null });
      // After windowDays, the after window stops growing.
      const later = await effects(`asOf=2024-06-01T00:00:00Z&windowDays=30`);
      expect(later.body.actions[0].after).toEqual({ complaints: 2, perThirtyDays: 2, days: 30 });
      expect((await effects('windowDays=0')).status).toBe(400);
    });
  });
});
