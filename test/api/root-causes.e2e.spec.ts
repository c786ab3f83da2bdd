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
});
