import { TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';

describe('GET /customers/:id/risk', () => {
  const service = useTestApp();
  const { http } = service;

  beforeAll(async () => {
    const file = (complaintId: string, occurredAt: string) =>
      expectOk(
        http('POST', '/complaints', {
          body: {
            complaintId,
            customerId: 'CU-R',
            occurredAt,
            channel: 'web',
            category: 'billing',
            severity: 'high',
            description: 'd',
          },
        }),
      );
    // Two complaints in March; the first resolved, surveyed 2; the second left open (due 24 h later).
    await file('R-1', '2026-03-01T10:00:00Z');
    await expectOk(
      http('POST', '/complaints/R-1/resolution', {
        body: { resolutionType: 'apology', summary: 's', occurredAt: '2026-03-01T12:00:00Z' },
      }),
    );
    await expectOk(
      http('POST', '/complaints/R-1/satisfaction', {
        body: {
          respondent: { contactId: 'P', role: 'primary' },
          score: 2,
          occurredAt: '2026-03-02T12:00:00Z',
        },
      }),
    );
    await file('R-2', '2026-03-10T10:00:00Z');
    await expectOk(
      http('PUT', '/customers/CU-Q/profile', {
        body: { valueTier: 'A', occurredAt: '2026-03-01T00:00:00Z' },
      }),
    );
    // Named only by a profile update after the list's asOf below.
    await expectOk(
      http('PUT', '/customers/CU-P/profile', {
        body: { valueTier: 'B', occurredAt: '2026-03-12T00:00:00Z' },
      }),
    );
    await expectOk(
      http('POST', '/customers/CU-R/purchases', {
        body: { orderId: 'O-1', amount: 40, currency: 'EUR', occurredAt: '2026-02-01T00:00:00Z' },
      }),
    );
    // Three more at 25 points (latest survey 1): CU-S spends more than CU-T; CU-U ties CU-T.
    for (const [customerId, spend] of [
      ['CU-S', 90],
      ['CU-T', 10],
      ['CU-U', 10],
    ] as const) {
      const id = `X-${customerId}`;
      const complaint = {
        complaintId: id,
        customerId,
        channel: 'web',
        category: 'billing',
        severity: 'low',
        description: 'd',
      };
      await expectOk(
        http('POST', '/complaints', { body: { ...complaint, occurredAt: '2026-03-01T10:00:00Z' } }),
      );
      await expectOk(
        http('POST', `/complaints/${id}/close`, { body: { occurredAt: '2026-03-01T11:00:00Z' } }),
      );
      const survey = {
        respondent: { contactId: 'P', role: 'primary' },
        score: 1,
        occurredAt: '2026-03-02T00:00:00Z',
      };
      await expectOk(http('POST', `/complaints/${id}/satisfaction`, { body: survey }));
      const purchase = { orderId: 'O-1', amount: spend, currency: 'EUR', occurredAt: '2026-03-03T00:00:00Z' };
      await expectOk(http('POST', `/customers/${customerId}/purchases`, { body: purchase }));
    }
    await service.projectionsCaughtUp();
  });

  const risk = (id: string, asOf?: string) =>
    http('GET', `/customers/${id}/risk${asOf ? `?asOf=${asOf}` : ''}`, { token: TOKENS.analyst });

  it('scores the customer as it stood at asOf', async () => {
    // 2026-03-11T12:00Z: R-2 open past its due (30), 2 complaints in 90 days (10), latest survey 2 (25).
    const answer = await risk('CU-R', '2026-03-11T12:00:00Z');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      asOf: '2026-03-11T12:00:00.000Z',
      customerId: 'CU-R',
      score: 65,
      level: 'warning',
      value: 40,
    });
    expect(
      answer.body.reasons.map((reason: { code: string; points: number }) => [reason.code, reason.points]),
    ).toEqual([
      ['SLA_BREACH', 30],
      ['REPEAT_COMPLAINTS', 10],
      ['LOW_SATISFACTION', 25],
    ]);
    // Before the second complaint was due: only the survey counts, and only one complaint so far.
    expect((await risk('CU-R', '2026-03-05T00:00:00Z')).body).toMatchObject({ score: 25, level: 'watch' });
    // Before anything happened: a known customer at score 0.
    expect((await risk('CU-R', '2026-01-01T00:00:00Z')).body).toMatchObject({
      score: 0,
      level: 'none',
      reasons: [],
    });
  });

  it('knows a customer named only by a profile update, and 404s one no event names', async () => {
    expect((await risk('CU-Q')).body).toMatchObject({ customerId: 'CU-Q', score: 0, level: 'none' });
    expect((await risk('CU-NOBODY')).status).toBe(404);
  });

  it('ranks the early-warning list by score, then value, then customer id, from minLevel', async () => {
    const list = await http('GET', '/analytics/early-warning?asOf=2026-03-11T12:00:00Z', {
      token: TOKENS.analyst,
    });
    expect(list.status).toBe(200);
    expect(list.body.asOf).toBe('2026-03-11T12:00:00.000Z');
    const rows = list.body.customers.map((c: { customerId: string; score: number; value: number }) => [
      c.customerId,
      c.score,
      c.value,
    ]);
    expect(rows).toEqual([
      ['CU-R', 65, 40],
      ['CU-S', 25, 90],
      ['CU-T', 25, 10],
      ['CU-U', 25, 10],
    ]);
    const warning = await http('GET', '/analytics/early-warning?asOf=2026-03-11T12:00:00Z&minLevel=warning', {
      token: TOKENS.analyst,
    });
    expect(warning.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['CU-R']);
    const everyone = await http(
      'GET',
      '/analytics/early-warning?asOf=2026-03-11T12:00:00Z&minLevel=none&limit=5',
      { token: TOKENS.analyst },
    );
    expect(everyone.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual([
      'CU-R',
      'CU-S',
      'CU-T',
      'CU-U',
      'CU-Q',
    ]);
    const top = await http('GET', '/analytics/early-warning?asOf=2026-03-11T12:00:00Z&limit=2', {
      token: TOKENS.analyst,
    });
    expect(top.body.customers).toHaveLength(2);
    const csv = await http('GET', '/analytics/early-warning?asOf=2026-03-11T12:00:00Z&limit=1', {
      token: TOKENS.analyst,
      headers: { accept: 'text/csv' },
    });
    expect(csv.text).toBe(
      'customerId,score,level,value,reasons\r\nCU-R,65,warning,40,SLA_BREACH:30;REPEAT_COMPLAINTS:10;LOW_SATISFACTION:25\r\n',
    );
    expect((await http('GET', '/analytics/early-warning?limit=0', { token: TOKENS.analyst })).status).toBe(
      400,
    );
    expect((await http('GET', '/analytics/early-warning?limit=5000', { token: TOKENS.analyst })).status).toBe(
      200,
    );
    expect(
      (await http('GET', '/analytics/early-warning?minLevel=high', { token: TOKENS.analyst })).status,
    ).toBe(400);
  });

  it('lists a customer from the first event naming it, and answers its risk before that too', async () => {
    const listed = async (asOf: string) =>
      (
        await http('GET', `/analytics/early-warning?asOf=${asOf}&minLevel=none&limit=1000`, {
          token: TOKENS.analyst,
        })
      ).body.customers.map((c: { customerId: string }) => c.customerId);
    expect(await listed('2026-03-11T12:00:00Z')).toEqual(['CU-R', 'CU-S', 'CU-T', 'CU-U', 'CU-Q']);
    expect(await listed('2026-03-11T23:59:59.999Z')).not.toContain('CU-P');
    expect(await listed('2026-03-12T00:00:00Z')).toContain('CU-P');
    const before = await risk('CU-P', '2026-03-11T12:00:00Z');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ customerId: 'CU-P', score: 0, level: 'none', reasons: [] });
  });

  it('refuses a bad asOf and roles without access', async () => {
    expect((await risk('CU-R', '2026-03-11')).status).toBe(400);
    expect((await http('GET', '/customers/CU-R/risk', { token: TOKENS.auditor })).status).toBe(403);
    expect((await http('GET', '/customers/CU-R/risk', { token: TOKENS.agent })).status).toBe(200);
  });
});
