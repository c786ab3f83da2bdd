import { API_KEYS, TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';

/**
 * The funnel over a small data set whose every figure is computed by hand below, with the
 * boundaries of the definition: the cohort's [from, to), the resolution-speed buckets, the
 * repurchase window (anchor, anchor + W days], and a purchase recorded before the resolution
 * that precedes it in business time.
 */
describe('GET /analytics/funnel', () => {
  /** Two named agents (groupBy=agent): F1 and F3 are ag-1's first resolutions, F2 ag-2's. */
  const AGENTS = {
    'ag-1': 'ag-1-token-0123456789abcdef0123456789',
    'ag-2': 'ag-2-token-0123456789abcdef0123456789',
  };
  const service = useTestApp({
    REPURCHASE_WINDOWS: '30,90,180,365',
    API_KEYS: [API_KEYS, ...Object.entries(AGENTS).map(([id, token]) => `${id}@agent:${token}`)].join(','),
  });
  const { http } = service;

  beforeAll(async () => {
    const file = (complaintId: string, customerId: string, occurredAt: string, extra: object = {}) =>
      expectOk(
        http('POST', '/complaints', {
          body: {
            complaintId,
            customerId,
            occurredAt,
            channel: 'phone',
            category: 'billing',
            severity: 'high',
            description: 'd',
            ...extra,
          },
        }),
      );
    const resolve = (id: string, occurredAt: string, extra: object = {}, token = TOKENS.agent) =>
      expectOk(
        http('POST', `/complaints/${id}/resolution`, {
          body: { resolutionType: 'refund', summary: 's', occurredAt, ...extra },
          token,
        }),
      );
    const buy = (customerId: string, orderId: string, occurredAt: string) =>
      expectOk(
        http('POST', `/customers/${customerId}/purchases`, {
          body: { orderId, amount: 10, currency: 'EUR', occurredAt },
        }),
      );

    // F1: resolved on the spot after 2 h with goodwill, reached, surveys 5 and 4, bought 15 days later.
    await file('F1', 'CU-1', '2026-01-05T10:00:00Z', { branchId: 'BR-1' });
    await resolve(
      'F1',
      '2026-01-05T12:00:00Z',
      { onTheSpot: true, goodwill: { description: 'voucher' } },
      AGENTS['ag-1'],
    );
    await expectOk(
      http('POST', '/complaints/F1/callbacks', {
        body: { reached: true, attitude: 'satisfied', occurredAt: '2026-01-06T00:00:00Z' },
      }),
    );
    for (const [contactId, score] of [
      ['P1', 5],
      ['P2', 4],
    ] as const) {
      await expectOk(
        http('POST', '/complaints/F1/satisfaction', {
          body: { respondent: { contactId, role: 'primary' }, score, occurredAt: '2026-01-07T00:00:00Z' },
        }),
      );
    }
    await buy('CU-1', 'O-11', '2026-01-20T00:00:00Z');
    // F2: its purchase (29 days after the resolution) is recorded before the resolution; 24 h exactly; survey 3.
    await file('F2', 'CU-2', '2026-01-10T00:00:00Z', { channel: 'web' });
    await buy('CU-2', 'O-21', '2026-02-09T00:00:00Z');
    await resolve('F2', '2026-01-11T00:00:00Z', {}, AGENTS['ag-2']);
    await expectOk(
      http('POST', '/complaints/F2/callbacks', {
        body: { reached: false, occurredAt: '2026-01-12T00:00:00Z' },
      }),
    );
    await expectOk(
      http('POST', '/complaints/F2/satisfaction', {
        body: { respondent: { contactId: 'P3', role: 'user' }, score: 3, occurredAt: '2026-01-13T00:00:00Z' },
      }),
    );
    // ...then reopened and resolved again by ag-1: its first resolution stays ag-2's.
    await expectOk(
      http('POST', '/complaints/F2/reopen', {
        body: { reason: 'again', occurredAt: '2026-01-14T00:00:00Z' },
      }),
    );
    await resolve('F2', '2026-01-15T00:00:00Z', {}, AGENTS['ag-1']);
    // F3: 72 h and 1 ms (slower); a purchase exactly 30 days after the resolution (inside the window).
    await file('F3', 'CU-3', '2026-01-20T00:00:00Z', {
      category: 'delivery',
      channel: 'web',
      branchId: 'BR-1',
    });
    await resolve('F3', '2026-01-23T00:00:00.001Z', {}, AGENTS['ag-1']);
    await buy('CU-3', 'O-31', '2026-02-22T00:00:00.001Z');
    // F4: the last millisecond of the cohort, never resolved; CU-1 buys again 33 days later.
    await file('F4', 'CU-1', '2026-01-31T23:59:59.999Z', { category: 'delivery', branchId: 'BR-2' });
    await buy('CU-1', 'O-12', '2026-03-05T00:00:00Z');
    // Outside the cohort: filed at `to`, and a millisecond before `from`.
    await file('F5', 'CU-4', '2026-02-01T00:00:00Z');
    await file('F0', 'CU-5', '2025-12-31T23:59:59.999Z');
    // Baseline: CU-6 buys again, CU-7 not within 30 days, CU-4 exactly 30 days later.
    await buy('CU-6', 'O-61', '2026-01-10T00:00:00Z');
    await buy('CU-6', 'O-62', '2026-01-25T00:00:00Z');
    await buy('CU-7', 'O-71', '2026-01-15T00:00:00Z');
    await buy('CU-7', 'O-72', '2026-03-01T00:00:00Z');
    await buy('CU-4', 'O-41', '2026-01-12T00:00:00Z');
    await buy('CU-4', 'O-42', '2026-02-11T00:00:00Z');

    // March 2025: the maintained next purchase after each anchor, at the window boundaries.
    // G1: a purchase recorded before the resolution that then moves the anchor past it (48 h).
    await file('G1', 'CU-11', '2025-03-02T00:00:00Z');
    await buy('CU-11', 'O-111', '2025-03-03T00:00:00Z');
    await resolve('G1', '2025-03-04T00:00:00Z');
    // G2 (6 h): one purchase exactly at the anchor (not after it), one exactly 90 days after,
    // both recorded before the resolution, the later one before the filing.
    await buy('CU-12', 'O-122', '2025-06-02T06:00:00Z');
    await file('G2', 'CU-12', '2025-03-04T00:00:00Z');
    await buy('CU-12', 'O-121', '2025-03-04T06:00:00Z');
    await resolve('G2', '2025-03-04T06:00:00Z');
    // G3: never resolved, a purchase exactly 180 days after the filing.
    await file('G3', 'CU-13', '2025-03-10T00:00:00Z');
    await buy('CU-13', 'O-131', '2025-09-06T00:00:00Z');
    // G4: on the spot after 1 h, a purchase exactly 30 days after; G5, the same customer's
    // unresolved complaint, finds that purchase 25 days and 1 h after its filing.
    await file('G4', 'CU-14', '2025-03-15T00:00:00Z');
    await resolve('G4', '2025-03-15T01:00:00Z', { onTheSpot: true });
    await file('G5', 'CU-14', '2025-03-20T00:00:00Z');
    await buy('CU-14', 'O-141', '2025-04-14T01:00:00Z');
    // Baseline: CU-15 (a complaint before the period) buys again exactly 30 days after its
    // first purchase in the period, recorded first; CU-16 exactly 90 days after, and once
    // more at the very same millisecond (not after it); CU-17 180 days and 1 ms after the
    // last millisecond of the period (its complaint is filed at `to`); CU-18 buys only from
    // `to` on.
    await file('G0', 'CU-15', '2025-02-10T00:00:00Z');
    await buy('CU-15', 'O-152', '2025-04-04T00:00:00Z');
    await buy('CU-15', 'O-150', '2025-02-20T00:00:00Z');
    await buy('CU-15', 'O-151', '2025-03-05T00:00:00Z');
    await buy('CU-16', 'O-161', '2025-03-10T12:00:00Z');
    await buy('CU-16', 'O-162', '2025-03-10T12:00:00Z');
    await buy('CU-16', 'O-163', '2025-06-08T12:00:00Z');
    await buy('CU-17', 'O-171', '2025-03-31T23:59:59.999Z');
    await buy('CU-17', 'O-172', '2025-09-28T00:00:00Z');
    await file('G6', 'CU-17', '2025-04-01T00:00:00Z');
    await buy('CU-18', 'O-181', '2025-04-01T00:00:00Z');
    await buy('CU-18', 'O-182', '2025-04-02T00:00:00Z');

    await service.projectionsCaughtUp();
  });

  const funnel = (query: string, headers: Record<string, string> = {}) =>
    http('GET', `/analytics/funnel?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z${query}`, {
      token: TOKENS.analyst,
      headers,
    });

  it('counts every stage, rate, median and the baseline (W = 30)', async () => {
    const answer = await funnel('&repurchaseWindowDays=30');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      repurchaseWindowDays: 30,
      groups: [
        {
          key: 'all',
          filed: 4,
          resolved: 3,
          callbackReached: 1,
          satisfied: 1,
          repurchased: 3,
          rates: { resolved: 0.75, callbackReached: 0.25, satisfied: 0.25, repurchased: 0.75 },
          medianHoursToResolve: 24,
        },
      ],
      baseline: { customers: 3, repurchased: 2, rate: 2 / 3 },
    });
  });

  it('widens the window to the default 90 days', async () => {
    const answer = await funnel('');
    expect(answer.body.repurchaseWindowDays).toBe(90);
    expect(answer.body.groups[0]).toMatchObject({ repurchased: 4 });
    expect(answer.body.baseline).toEqual({ customers: 3, repurchased: 3, rate: 1 });
  });

  it('groups by resolution speed, branch, goodwill, month and category', async () => {
    const keys = async (groupBy: string) =>
      (await funnel(`&groupBy=${groupBy}&repurchaseWindowDays=30`)).body.groups.map(
        (group: { key: string; filed: number; repurchased: number }) => [
          group.key,
          group.filed,
          group.repurchased,
        ],
      );
    expect(await keys('resolutionSpeed')).toEqual([
      ['on_the_spot', 1, 1],
      ['slower', 1, 1],
      ['unresolved', 1, 0],
      ['within_1d', 1, 1],
    ]);
    expect(await keys('branch')).toEqual([
      ['BR-1', 2, 2],
      ['BR-2', 1, 0],
      ['none', 1, 1],
    ]);
    expect(await keys('goodwill')).toEqual([
      ['no', 3, 2],
      ['yes', 1, 1],
    ]);
    expect(await keys('month')).toEqual([['2026-01', 4, 3]]);
    expect(await keys('category')).toEqual([
      ['billing', 2, 2],
      ['delivery', 2, 1],
    ]);
    const bySpeed = await funnel('&groupBy=resolutionSpeed&repurchaseWindowDays=30');
    const slower = bySpeed.body.groups.find((group: { key: string }) => group.key === 'slower');
    expect(slower.medianHoursToResolve).toBe(72 + 1 / 3_600_000);
    const unresolved = bySpeed.body.groups.find((group: { key: string }) => group.key === 'unresolved');
    expect(unresolved.medianHoursToResolve).toBeNull();
  });

  it("groups by the actor of each complaint's first resolution (groupBy=agent), the unresolved apart", async () => {
    const answer = await funnel('&groupBy=agent&repurchaseWindowDays=30');
    expect(answer.status).toBe(200);
    expect(answer.body.groups).toEqual([
      {
        // F1 (on the spot after 2 h, reached, surveys 5 and 4, bought 15 days later) and F3
        // (72 h and 1 ms, bought exactly 30 days later).
        key: 'ag-1',
        filed: 2,
        resolved: 2,
        callbackReached: 1,
        satisfied: 1,
        repurchased: 2,
        rates: { resolved: 1, callbackReached: 0.5, satisfied: 0.5, repurchased: 1 },
        medianHoursToResolve: (2 + 72 + 1 / 3_600_000) / 2,
      },
      {
        // F2 (24 h, not reached, survey 3, bought 29 days later); ag-1 resolved it only later.
        key: 'ag-2',
        filed: 1,
        resolved: 1,
        callbackReached: 0,
        satisfied: 0,
        repurchased: 1,
        rates: { resolved: 1, callbackReached: 0, satisfied: 0, repurchased: 1 },
        medianHoursToResolve: 24,
      },
      {
        // F4: never resolved; its customer's next purchase is 33 days after the filing.
        key: 'unresolved',
        filed: 1,
        resolved: 0,
        callbackReached: 0,
        satisfied: 0,
        repurchased: 0,
        rates: { resolved: 0, callbackReached: 0, satisfied: 0, repurchased: 0 },
        medianHoursToResolve: null,
      },
    ]);
  });

  it('answers CSV rows for Accept: text/csv', async () => {
    const answer = await funnel('&groupBy=goodwill&repurchaseWindowDays=30', { accept: 'text/csv' });
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.text.split('\r\n')).toEqual([
      'key,filed,resolved,callbackReached,satisfied,repurchased,rates.resolved,rates.callbackReached,rates.satisfied,rates.repurchased,medianHoursToResolve',
      `no,3,2,0,0,2,${2 / 3},0,0,${2 / 3},${(24 + 72 + 1 / 3_600_000) / 2}`,
      'yes,1,1,1,1,1,1,1,1,1,2',
      '',
    ]);
  });

  describe('repurchases from the next purchase after each anchor, whatever the arrival order', () => {
    const march = (query: string) =>
      http('GET', `/analytics/funnel?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z${query}`, {
        token: TOKENS.analyst,
      });

    it('counts a purchase exactly W days after the anchor, not one at it or before it', async () => {
      const answer = await march('&repurchaseWindowDays=90');
      expect(answer.status).toBe(200);
      expect(answer.body.groups).toEqual([
        {
          key: 'all',
          filed: 5,
          resolved: 3,
          callbackReached: 0,
          satisfied: 0,
          repurchased: 3,
          rates: { resolved: 3 / 5, callbackReached: 0, satisfied: 0, repurchased: 3 / 5 },
          medianHoursToResolve: 6,
        },
      ]);
    });

    it.each([
      [30, { on_the_spot: 1, unresolved: 1, within_1d: 0, within_3d: 0 }, 1],
      [90, { on_the_spot: 1, unresolved: 1, within_1d: 1, within_3d: 0 }, 2],
      [180, { on_the_spot: 1, unresolved: 2, within_1d: 1, within_3d: 0 }, 2],
      // A window configured beside the defaults.
      [365, { on_the_spot: 1, unresolved: 2, within_1d: 1, within_3d: 0 }, 3],
    ])('W = %i: repurchases by resolution speed and the baseline', async (days, repurchased, again) => {
      const answer = await march(`&groupBy=resolutionSpeed&repurchaseWindowDays=${days}`);
      expect(
        answer.body.groups.map((group: { key: string; filed: number; repurchased: number }) => [
          group.key,
          group.filed,
          group.repurchased,
        ]),
      ).toEqual([
        ['on_the_spot', 1, repurchased.on_the_spot],
        ['unresolved', 2, repurchased.unresolved],
        ['within_1d', 1, repurchased.within_1d],
        ['within_3d', 1, repurchased.within_3d],
      ]);
      expect(answer.body.baseline).toEqual({ customers: 3, repurchased: again, rate: again / 3 });
    });
  });

  it('refuses a window outside the configured set, a bad groupBy, dates without times and a role without access', async () => {
    expect((await funnel('&repurchaseWindowDays=45')).status).toBe(400);
    const badGroup = await funnel('&groupBy=person');
    expect(badGroup.status).toBe(400);
    expect(JSON.stringify(badGroup.body.message)).toContain(
      'category, channel, severity, branch, resolutionSpeed, month, goodwill, agent',
    );
    expect(
      (await http('GET', '/analytics/funnel?from=2026-01-01&to=2026-02-01', { token: TOKENS.analyst }))
        .status,
    ).toBe(400);
    expect(
      (
        await http('GET', '/analytics/funnel?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', {
          token: TOKENS.analyst,
        })
      ).status,
    ).toBe(400);
    const asAgent = await http('GET', '/analytics/funnel?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', {
      token: TOKENS.agent,
    });
    expect(asAgent.status).toBe(403);
  });
});
