import { API_KEYS, TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';

/** Problems and branch rankings over [2026-02-01, 2026-03-01) and the 28 days before, by hand. */
describe('GET /analytics/problems and /analytics/branches', () => {
  /** Named agents (by=agent): P1, P4 are ag-1's first resolutions, P2 and Q1 ag-2's. */
  const AGENTS = {
    'ag-1': 'ag-1-token-0123456789abcdef0123456789',
    'ag-2': 'ag-2-token-0123456789abcdef0123456789',
  };
  const service = useTestApp({
    API_KEYS: [API_KEYS, ...Object.entries(AGENTS).map(([id, token]) => `${id}@agent:${token}`)].join(','),
  });
  const { http } = service;

  beforeAll(async () => {
    const file = (id: string, occurredAt: string, fields: object) =>
      expectOk(
        http('POST', '/complaints', {
          body: {
            complaintId: id,
            customerId: `CU-${id}`,
            occurredAt,
            channel: 'web',
            severity: 'high',
            description: 'd',
            ...fields,
          },
        }),
      );
    const resolve = (id: string, occurredAt: string, agent: keyof typeof AGENTS) =>
      expectOk(
        http('POST', `/complaints/${id}/resolution`, {
          body: { resolutionType: 'apology', summary: 's', occurredAt },
          token: AGENTS[agent],
        }),
      );
    const survey = (id: string, score: number, occurredAt: string) =>
      expectOk(
        http('POST', `/complaints/${id}/satisfaction`, {
          body: { respondent: { contactId: `P${score}`, role: 'user' }, score, occurredAt },
        }),
      );

    // Current period.
    await file('P1', '2026-02-02T00:00:00Z', { category: 'billing', productId: 'PR-1', branchId: 'BR-1' });
    await resolve('P1', '2026-02-02T10:00:00Z', 'ag-1');
    await survey('P1', 5, '2026-02-03T00:00:00Z');
    await survey('P1', 3, '2026-02-03T00:00:00Z');
    await file('P2', '2026-02-05T00:00:00Z', { category: 'billing', branchId: 'BR-1' });
    await resolve('P2', '2026-02-07T00:00:00Z', 'ag-2'); // 48 h against 24 h: breached
    await expectOk(
      http('POST', '/complaints/P2/reopen', {
        body: { reason: 'again', occurredAt: '2026-02-08T00:00:00Z' },
      }),
    );
    await resolve('P2', '2026-02-08T12:00:00Z', 'ag-1'); // not its first resolution
    await survey('P2', 2, '2026-02-09T00:00:00Z');
    await file('P3', '2026-02-10T00:00:00Z', {
      category: 'delivery',
      productId: 'PR-1',
      branchId: 'BR-2',
      severity: 'low',
    }); // still open: breached
    await file('P4', '2026-02-12T00:00:00Z', { category: 'quality', branchId: 'BR-3' });
    await resolve('P4', '2026-02-12T01:00:00Z', 'ag-1');
    await survey('P4', 1, '2026-02-13T00:00:00Z');
    // Previous period.
    await file('Q1', '2026-01-10T00:00:00Z', { category: 'billing', productId: 'PR-1', branchId: 'BR-1' });
    await resolve('Q1', '2026-01-10T05:00:00Z', 'ag-2');
    await survey('Q1', 4, '2026-01-11T00:00:00Z');
    await file('Q2', '2026-01-20T00:00:00Z', { category: 'delivery', branchId: 'BR-2' });
    await expectOk(http('POST', '/complaints/Q2/close', { body: { occurredAt: '2026-01-20T01:00:00Z' } }));
    // Outside both periods.
    await file('R1', '2026-01-03T23:59:59.999Z', { category: 'billing', branchId: 'BR-1' });
    await file('R2', '2026-03-01T00:00:00Z', { category: 'billing', branchId: 'BR-1' });

    await service.projectionsCaughtUp();
  });

  const PERIOD = 'from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z';
  const get = (path: string, headers: Record<string, string> = {}) =>
    http('GET', path, { token: TOKENS.analyst, headers });

  it('gives count, breach rate, reopen rate and satisfaction by category, against the previous period', async () => {
    const answer = await get(`/analytics/problems?${PERIOD}&by=category`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
      by: 'category',
      rows: [
        {
          key: 'billing',
          count: 2,
          breachRate: 0.5,
          reopenRate: 0.5,
          avgSatisfaction: 10 / 3,
          previous: { count: 1, breachRate: 0, reopenRate: 0, avgSatisfaction: 4 },
          change: { count: 1, breachRate: 0.5, reopenRate: 0.5, avgSatisfaction: 10 / 3 - 4 },
        },
        {
          key: 'delivery',
          count: 1,
          breachRate: 1,
          reopenRate: 0,
          avgSatisfaction: null,
          previous: { count: 1, breachRate: 0, reopenRate: 0, avgSatisfaction: null },
          change: { count: 0, breachRate: 1, reopenRate: 0, avgSatisfaction: null },
        },
        {
          key: 'quality',
          count: 1,
          breachRate: 0,
          reopenRate: 0,
          avgSatisfaction: 1,
          previous: { count: 0, breachRate: 0, reopenRate: 0, avgSatisfaction: null },
          change: { count: 1, breachRate: 0, reopenRate: 0, avgSatisfaction: null },
        },
      ],
    });
  });

  it('groups by product, with none for complaints without one', async () => {
    const rows = (await get(`/analytics/problems?${PERIOD}&by=product`)).body.rows;
    expect(
      rows.map((row: { key: string; count: number; avgSatisfaction: number | null }) => [
        row.key,
        row.count,
        row.avgSatisfaction,
      ]),
    ).toEqual([
      ['PR-1', 2, 4],
      ['none', 2, 1.5],
    ]);
  });

  it("groups by the actor of each complaint's first resolution (by=agent), the unresolved apart", async () => {
    const answer = await get(`/analytics/problems?${PERIOD}&by=agent`);
    expect(answer.status).toBe(200);
    expect(answer.body.by).toBe('agent');
    expect(answer.body.rows).toEqual([
      {
        key: 'ag-1', // P1 (surveys 5, 3) and P4 (survey 1); P2's second resolution is not counted
        count: 2,
        breachRate: 0,
        reopenRate: 0,
        avgSatisfaction: 3,
        previous: { count: 0, breachRate: 0, reopenRate: 0, avgSatisfaction: null },
        change: { count: 2, breachRate: 0, reopenRate: 0, avgSatisfaction: null },
      },
      {
        key: 'ag-2', // P2: breached, reopened, survey 2; before, Q1 (survey 4)
        count: 1,
        breachRate: 1,
        reopenRate: 1,
        avgSatisfaction: 2,
        previous: { count: 1, breachRate: 0, reopenRate: 0, avgSatisfaction: 4 },
        change: { count: 0, breachRate: 1, reopenRate: 1, avgSatisfaction: -2 },
      },
      {
        key: 'unresolved', // P3, still open; before, Q2, closed without a resolution
        count: 1,
        breachRate: 1,
        reopenRate: 0,
        avgSatisfaction: null,
        previous: { count: 1, breachRate: 0, reopenRate: 0, avgSatisfaction: null },
        change: { count: 0, breachRate: 1, reopenRate: 0, avgSatisfaction: null },
      },
    ]);
  });

  it('ranks branches by satisfaction (desc, none last) and by breach rate (asc)', async () => {
    const answer = await get(`/analytics/branches?${PERIOD}`);
    expect(answer.status).toBe(200);
    const keys = (rows: { key: string }[]) => rows.map((row) => row.key);
    expect(keys(answer.body.bySatisfaction)).toEqual(['BR-1', 'BR-3', 'BR-2']);
    expect(keys(answer.body.byBreachRate)).toEqual(['BR-3', 'BR-1', 'BR-2']);
    expect(answer.body.bySatisfaction[0]).toMatchObject({
      key: 'BR-1',
      count: 2,
      avgSatisfaction: 10 / 3,
      previous: { count: 1 },
    });
  });

  it('answers CSV and refuses bad parameters', async () => {
    const csv = await get(`/analytics/problems?${PERIOD}&by=category`, { accept: 'text/csv' });
    expect(csv.text.split('\r\n')[0]).toBe(
      'key,count,breachRate,reopenRate,avgSatisfaction,previous.count,previous.breachRate,previous.reopenRate,previous.avgSatisfaction,change.count,change.breachRate,change.reopenRate,change.avgSatisfaction',
    );
    expect(csv.text.split('\r\n')[2]).toBe('delivery,1,1,0,,1,0,0,,0,1,0,');
    const badBy = await get(`/analytics/problems?${PERIOD}&by=person`);
    expect(badBy.status).toBe(400);
    expect(JSON.stringify(badBy.body.message)).toContain('category, product, branch, agent');
    // The complaints return is by what complaints are about only.
    expect((await get(`/analytics/complaints-return?${PERIOD}&by=agent`)).status).toBe(400);
    expect((await get('/analytics/branches?from=2026-02-01T00:00:00Z')).status).toBe(400);
    expect((await http('GET', `/analytics/branches?${PERIOD}`, { token: TOKENS.agent })).status).toBe(403);
  });
});
