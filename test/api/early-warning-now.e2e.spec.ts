import { TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';

/** GET /analytics/early-warning without asOf (the maintained ranking) = with asOf at the same instant (the scan). */
describe('GET /analytics/early-warning for now', () => {
  const service = useTestApp({ SLA_HOURS: 'critical=0.002' });
  const { http } = service;
  let dueAt: number;
  /** When CU-G, named only by a profile update a few minutes ahead of the clock, is first named. */
  let namedAt: string;

  beforeAll(async () => {
    // A critical complaint is due 7.2 s after its filing.
    const day = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
    const file = (complaintId: string, customerId: string, occurredAt: string, severity = 'low') =>
      expectOk(
        http('POST', '/complaints', {
          body: {
            complaintId,
            customerId,
            occurredAt,
            severity,
            channel: 'web',
            category: 'billing',
            description: 'd',
          },
        }),
      );
    const survey = (complaintId: string, score: number, occurredAt: string) =>
      expectOk(
        http('POST', `/complaints/${complaintId}/satisfaction`, {
          body: { respondent: { contactId: 'P', role: 'primary' }, score, occurredAt },
        }),
      );
    const purchase = (customerId: string, orderId: string, amount: number, occurredAt: string) =>
      expectOk(
        http('POST', `/customers/${customerId}/purchases`, {
          body: { orderId, amount, currency: 'EUR', occurredAt },
        }),
      );
    // Warning: one complaint open past its due time (30), two in 90 days (10), a survey of 2 (25).
    await file('A-1', 'CU-A', ago(10));
    await file('A-2', 'CU-A', ago(9));
    await expectOk(http('POST', '/complaints/A-2/close', { body: { occurredAt: ago(8.5) } }));
    await survey('A-2', 2, ago(8));
    await purchase('CU-A', 'O-1', 100, ago(20));
    // Watch, tied on score and value, told apart by id: survey 1, closed; value 50 each.
    for (const id of ['CU-C', 'CU-B']) {
      await file(`${id}-1`, id, ago(5));
      await expectOk(http('POST', `/complaints/${id}-1/close`, { body: { occurredAt: ago(4) } }));
      await survey(`${id}-1`, 1, ago(3));
      await purchase(id, 'O-1', 50, ago(30));
    }
    // Watch by SPEND_DROP (20) and a survey of 3 (10): spend 100 then 10.
    await file('D-1', 'CU-D', ago(2));
    await expectOk(http('POST', '/complaints/D-1/close', { body: { occurredAt: ago(1) } }));
    await survey('D-1', 3, ago(1));
    await purchase('CU-D', 'O-1', 100, ago(120));
    await purchase('CU-D', 'O-2', 10, ago(10));
    // None: a profile only; a resolved complaint.
    await expectOk(http('PUT', '/customers/CU-E/profile', { body: { valueTier: 'A' } }));
    await file('F-1', 'CU-F', ago(1));
    await expectOk(
      http('POST', '/complaints/F-1/resolution', { body: { resolutionType: 'apology', summary: 's' } }),
    );
    // Named only by an event that occurs a few minutes from now (the API accepts up to 5).
    namedAt = new Date(Date.now() + 3 * 60_000).toISOString();
    await expectOk(http('PUT', '/customers/CU-G/profile', { body: { valueTier: 'B', occurredAt: namedAt } }));
    // Critical severity, filed now: it goes past its due time during the test.
    const filed = await http('POST', '/complaints', {
      body: {
        complaintId: 'S-1',
        customerId: 'CU-S',
        severity: 'critical',
        channel: 'web',
        category: 'billing',
        description: 'd',
      },
    });
    expect(filed.status).toBe(201);
    dueAt = Date.parse(
      (await http('GET', '/complaints/S-1', { token: TOKENS.analyst })).body.resolutionDueAt,
    );
    await service.projectionsCaughtUp();
  });

  const list = async (query: string) => {
    const answer = await http('GET', `/analytics/early-warning${query}`, { token: TOKENS.analyst });
    expect(answer.status).toBe(200);
    return answer.body as {
      asOf: string;
      customers: { customerId: string; score: number; reasons: unknown[] }[];
    };
  };
  /** The list for now, and the scan at the asOf it reports: equal, reasons and details included. */
  const expectNowEqualsScan = async (query: string) => {
    const now = await list(query);
    const scan = await list(`${query}${query ? '&' : '?'}asOf=${now.asOf}`);
    expect(now).toEqual(scan);
    return now;
  };

  it('equals the full scan at the instant it reports, for every minLevel and limit', async () => {
    const everyone = await expectNowEqualsScan('?minLevel=none&limit=1000');
    const ranked = everyone.customers.map((customer) => [customer.customerId, customer.score]);
    // CU-S is at 0 until its complaint is due (the next test), then at 30.
    expect(ranked.filter(([customerId]) => customerId !== 'CU-S')).toEqual([
      ['CU-A', 65],
      ['CU-D', 30],
      ['CU-B', 25],
      ['CU-C', 25],
      ['CU-E', 0],
      ['CU-F', 0],
    ]);
    for (const query of [
      '',
      '?minLevel=warning',
      '?minLevel=critical',
      '?limit=1',
      '?limit=2',
      '?minLevel=none&limit=3',
    ]) {
      await expectNowEqualsScan(query);
    }
  });

  it('leaves out a customer until the first event naming it has occurred; its risk is answered meanwhile', async () => {
    const ids = (body: { customers: { customerId: string }[] }) =>
      body.customers.map((customer) => customer.customerId);
    expect(ids(await expectNowEqualsScan('?minLevel=none&limit=1000'))).not.toContain('CU-G');
    const justBefore = new Date(Date.parse(namedAt) - 1).toISOString();
    expect(ids(await list(`?minLevel=none&limit=1000&asOf=${justBefore}`))).not.toContain('CU-G');
    expect(ids(await list(`?minLevel=none&limit=1000&asOf=${namedAt}`))).toContain('CU-G');
    const risk = await http('GET', '/customers/CU-G/risk', { token: TOKENS.analyst });
    expect(risk.status).toBe(200);
    expect(risk.body).toMatchObject({ customerId: 'CU-G', score: 0, level: 'none', reasons: [] });
  });

  it('takes in a level that changes as time passes: before and after a complaint is due', async () => {
    expect(Date.now()).toBeLessThan(dueAt); // else the complaint was due before the test could look
    const before = await expectNowEqualsScan('');
    expect(before.customers.map((customer) => customer.customerId)).not.toContain('CU-S');
    await new Promise((resolve) => setTimeout(resolve, dueAt + 50 - Date.now()));
    const after = await expectNowEqualsScan('');
    expect(after.customers.find((customer) => customer.customerId === 'CU-S')).toEqual({
      customerId: 'CU-S',
      score: 30,
      level: 'watch',
      value: 0,
      reasons: [
        { code: 'SLA_BREACH', points: 30, detail: 'complaint S-1 is open past its resolution due time' },
      ],
    });
    // Once the background refresh has re-assessed it, the maintained entry says so too.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await expectNowEqualsScan('?minLevel=none&limit=1000');
  });
});
