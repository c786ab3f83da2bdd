import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { appendChained } from '../support/chained-events';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';

/**
 * The complaints return of a small scenario over March 2026 ([2026-03-01, 2026-04-01), a
 * Sunday to a Wednesday), against rows computed by hand below. Events are appended through
 * the real store with their recorded due times (as a policy would have set them) and without
 * (as before issue 11: the default calendar, Mon-Fri 09:00-17:00 UTC, gives the third
 * business day). "now" is the real clock, long after March 2026. B1-B3, filed in late 2025,
 * and root causes recorded on some complaints add the first half of 2026 (outstanding at its
 * start, redress paid by a second resolution after a reopening, `by=cause`, `by=rule`).
 * RootCauseRecorded and ComplaintFiled.policyRule are appended as their commands will record
 * them.
 */
describe('GET /analytics/complaints-return', () => {
  const service = useTestApp();
  const { http } = service;

  beforeAll(async () => {
    const store = service.app.get<EventStore>(EVENT_STORE);
    const stream = (id: string, ...events: [string, string, object][]) =>
      appendChained(
        store,
        `complaint-${id}`,
        events.map(([occurredAt, type, data]) => ({ occurredAt, type, data })),
      );
    const filed = (id: string, category: string, extra: object = {}) => ({
      complaintId: id,
      customerId: `CU-${id}`,
      channel: 'web',
      category,
      severity: 'medium',
      description: 'd',
      resolutionDueAt: '2099-01-01T00:00:00.000Z',
      ...extra,
    });
    const resolved = (extra: object = {}) => ({
      resolutionType: 'compensation',
      summary: 's',
      onTheSpot: false,
      resolvedBy: 'agent-1',
      callbackDueAt: '2099-01-01T00:00:00.000Z',
      ...extra,
    });

    // A1 billing, BR-1: filed Mon 03-02 10:00; default third business day: Tue 3, Wed 4,
    // Thu 5 -> closes Thu 03-05 17:00. Resolved exactly then (counts), upheld, GBP 0.1;
    // final response due 03-17: within, not breached, not extended.
    await stream(
      'A1',
      [
        '2026-03-02T10:00:00Z',
        'ComplaintFiled',
        filed('A1', 'billing', {
          branchId: 'BR-1',
          productId: 'PR-1',
          finalResponseDueAt: '2026-03-17T00:00:00.000Z',
          finalResponseTarget: { unit: 'days', amount: 15 },
        }),
      ],
      [
        '2026-03-05T17:00:00Z',
        'ComplaintResolved',
        resolved({ outcome: 'upheld', compensation: { amount: 0.1, currency: 'GBP' } }),
      ],
    );
    // A2 billing: filed Fri 03-06 16:00; third business day Mon 9, Tue 10, Wed 11 -> 03-11
    // 17:00. Final response due 03-10, extended on 03-09 to 03-25. Resolved 1 ms after the
    // third day's close (not by it; within the extended final response), partially upheld,
    // GBP 0.2. Then reopened and resolved again upheld with GBP 100: not the first resolution.
    await stream(
      'A2',
      [
        '2026-03-06T16:00:00Z',
        'ComplaintFiled',
        filed('A2', 'billing', {
          finalResponseDueAt: '2026-03-10T00:00:00.000Z',
          finalResponseTarget: { unit: 'days', amount: 3 },
        }),
      ],
      [
        '2026-03-09T12:00:00Z',
        'ResponseDeadlineExtended',
        { extension: 1, finalResponseDueAt: '2026-03-25T00:00:00.000Z', reason: 'complex' },
      ],
      [
        '2026-03-11T17:00:00.001Z',
        'ComplaintResolved',
        resolved({ outcome: 'partially_upheld', compensation: { amount: 0.2, currency: 'GBP' } }),
      ],
      [
        '2026-03-12T00:00:00Z',
        'ComplaintReopened',
        { reason: 'r', resolutionDueAt: '2099-01-01T00:00:00.000Z' },
      ],
      [
        '2026-03-13T00:00:00Z',
        'ComplaintResolved',
        resolved({ outcome: 'upheld', compensation: { amount: 100, currency: 'GBP' } }),
      ],
    );
    // A3 billing: filed in February (not received), third business day recorded as 02-25
    // 18:00, final response due 03-07 00:00. Closed without resolution 03-07 00:00:00.001:
    // closed in March, not by the third day, not within the final response, no outcome.
    await stream(
      'A3',
      [
        '2026-02-20T09:00:00Z',
        'ComplaintFiled',
        filed('A3', 'billing', {
          thirdBusinessDayEndsAt: '2026-02-25T18:00:00.000Z',
          finalResponseDueAt: '2026-03-07T00:00:00.000Z',
          finalResponseTarget: { unit: 'days', amount: 15 },
        }),
      ],
      ['2026-03-07T00:00:00.001Z', 'ComplaintClosed', {}],
    );
    // A4 billing: filed 03-20, final response due 03-25, still open: breached at now.
    await stream('A4', [
      '2026-03-20T12:00:00Z',
      'ComplaintFiled',
      filed('A4', 'billing', {
        finalResponseDueAt: '2026-03-25T00:00:00.000Z',
        finalResponseTarget: { unit: 'days', amount: 4 },
      }),
    ]);
    // A5 delivery: filed at the last millisecond of March, no final-response target, open.
    await stream('A5', ['2026-03-31T23:59:59.999Z', 'ComplaintFiled', filed('A5', 'delivery')]);
    // A6 delivery: filed in February, resolved at `to` exactly: in neither set.
    await stream(
      'A6',
      ['2026-02-10T10:00:00Z', 'ComplaintFiled', filed('A6', 'delivery')],
      ['2026-04-01T00:00:00Z', 'ComplaintResolved', resolved({ outcome: 'upheld' })],
    );
    // A7 quality: filed Fri 02-27 10:00 (not received); default third business day Mon 2,
    // Tue 3, Wed 4 -> 03-04 17:00. Resolved 03-04 16:59 (by it), not upheld, EUR 1234567.891.
    await stream(
      'A7',
      ['2026-02-27T10:00:00Z', 'ComplaintFiled', filed('A7', 'quality')],
      [
        '2026-03-04T16:59:00Z',
        'ComplaintResolved',
        resolved({ outcome: 'not_upheld', compensation: { amount: 1234567.891, currency: 'EUR' } }),
      ],
    );
    // A8 quality: filed Tue 03-10 10:00, resolved 11:00 (by Fri 03-13 17:00), upheld, USD 10.005.
    await stream(
      'A8',
      ['2026-03-10T10:00:00Z', 'ComplaintFiled', filed('A8', 'quality')],
      [
        '2026-03-10T11:00:00Z',
        'ComplaintResolved',
        resolved({ outcome: 'upheld', compensation: { amount: 10.005, currency: 'USD' } }),
      ],
    );
    // A9 quality: filed Wed 03-11 10:00, resolved 11:00 without outcome, EUR 0.3.
    await stream(
      'A9',
      ['2026-03-11T10:00:00Z', 'ComplaintFiled', filed('A9', 'quality')],
      [
        '2026-03-11T11:00:00Z',
        'ComplaintResolved',
        resolved({ compensation: { amount: 0.3, currency: 'EUR' } }),
      ],
    );

    // Before 2026, for the first half of 2026 ([2026-01-01, 2026-07-01), local dates in UTC:
    // no policy). B1 billing under the policy rule `psr`: filed Mon 2025-12-15, third business
    // day recorded 12-18 17:00, final response due 2026-02-09 (8 weeks); resolved 2026-01-20,
    // upheld, GBP 250: outstanding at the start, closed after the third day and within the
    // final response.
    await stream(
      'B1',
      [
        '2025-12-15T10:00:00Z',
        'ComplaintFiled',
        filed('B1', 'billing', {
          policyRule: 'psr',
          thirdBusinessDayEndsAt: '2025-12-18T17:00:00.000Z',
          finalResponseDueAt: '2026-02-09T00:00:00.000Z',
          finalResponseTarget: { unit: 'days', amount: 56 },
        }),
      ],
      ['2026-01-19T09:00:00Z', 'RootCauseRecorded', { cause: 'billing_system_error' }],
      [
        '2026-01-20T12:00:00Z',
        'ComplaintResolved',
        resolved({ outcome: 'upheld', compensation: { amount: 250, currency: 'GBP' } }),
      ],
    );
    // B2 quality: filed and resolved (GBP 5) in November 2025: closed before 2026, never
    // outstanding in it; reopened 2026-01-10 and resolved again 01-12 with GBP 7.5: redress
    // paid in the first half of 2026, not a closing.
    await stream(
      'B2',
      ['2025-11-03T10:00:00Z', 'ComplaintFiled', filed('B2', 'quality')],
      [
        '2025-11-04T10:00:00Z',
        'ComplaintResolved',
        resolved({ outcome: 'not_upheld', compensation: { amount: 5, currency: 'GBP' } }),
      ],
      [
        '2026-01-10T10:00:00Z',
        'ComplaintReopened',
        { reason: 'r', resolutionDueAt: '2099-01-01T00:00:00.000Z' },
      ],
      [
        '2026-01-12T10:00:00Z',
        'ComplaintResolved',
        resolved({ outcome: 'upheld', compensation: { amount: 7.5, currency: 'GBP' } }),
      ],
      ['2026-01-13T10:00:00Z', 'RootCauseRecorded', { cause: 'courier_damage', note: 'n' }],
    );
    // B3 delivery: filed Tue 2025-12-30 10:00 (default third business day: Wed 31, Thu 01-01,
    // Fri 01-02 17:00), closed without resolution 2026-02-27: outstanding at the start.
    await stream(
      'B3',
      ['2025-12-30T10:00:00Z', 'ComplaintFiled', filed('B3', 'delivery')],
      ['2026-02-27T10:00:00Z', 'ComplaintClosed', {}],
    );
    // Root causes (the latest counts): A1 billing_system_error; A2 courier_damage, then
    // billing_system_error; A7 courier_damage. The others have none.
    await stream('A1', ['2026-03-06T09:00:00Z', 'RootCauseRecorded', { cause: 'billing_system_error' }]);
    await stream(
      'A2',
      ['2026-03-14T09:00:00Z', 'RootCauseRecorded', { cause: 'courier_damage' }],
      ['2026-03-15T09:00:00Z', 'RootCauseRecorded', { cause: 'billing_system_error' }],
    );
    await stream('A7', ['2026-03-05T09:00:00Z', 'RootCauseRecorded', { cause: 'courier_damage' }]);
    await service.projectionsCaughtUp();
  });

  const PERIOD = 'from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z';
  /** A row with nothing counted (its final-response figures null: no complaint counted had the target). */
  const NOTHING = {
    outstandingAtStart: 0,
    received: 0,
    closed: 0,
    closedByThirdBusinessDay: 0,
    closedAfterThirdBusinessDayWithinFinalResponse: null,
    closedWithinFinalResponse: null,
    upheld: 0,
    partiallyUpheld: 0,
    notUpheld: 0,
    redress: [],
    redressPaid: [],
    finalResponseBreached: null,
    extended: null,
  };
  const get = (path: string, headers: Record<string, string> = {}, token = TOKENS.analyst) =>
    http('GET', path, { token, headers });

  it('gives the rows by category as computed by hand', async () => {
    const answer = await get(`/analytics/complaints-return?${PERIOD}&by=category`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      by: 'category',
      rows: [
        {
          key: 'billing',
          outstandingAtStart: 1, // A3 (filed in February, closed in March)
          received: 3, // A1, A2, A4
          closed: 3, // A1, A2, A3
          closedByThirdBusinessDay: 1, // A1 (at the close exactly); A2 1 ms late; A3 a week late
          closedAfterThirdBusinessDayWithinFinalResponse: 1, // A2
          closedWithinFinalResponse: 2, // A1, A2 (extended); A3 1 ms late
          upheld: 1, // A1
          partiallyUpheld: 1, // A2's first resolution
          notUpheld: 0,
          redress: [{ currency: 'GBP', amount: 0.3 }], // 0.1 + 0.2, exactly
          redressPaid: [{ currency: 'GBP', amount: 100.3 }], // 0.1 + 0.2 + A2's second resolution's 100
          finalResponseBreached: 1, // A4 (open past 03-25); A1, A2 met in time
          extended: 1, // A2
        },
        {
          key: 'delivery',
          outstandingAtStart: 1, // A6 (filed in February, closed in April)
          received: 1, // A5
          closed: 0,
          closedByThirdBusinessDay: 0,
          closedAfterThirdBusinessDayWithinFinalResponse: null,
          closedWithinFinalResponse: null,
          upheld: 0,
          partiallyUpheld: 0,
          notUpheld: 0,
          redress: [],
          redressPaid: [],
          finalResponseBreached: null, // A5 has no final-response target
          extended: null,
        },
        {
          key: 'quality',
          outstandingAtStart: 1, // A7 (filed in February, closed in March)
          received: 2, // A8, A9
          closed: 3, // A7, A8, A9
          closedByThirdBusinessDay: 3,
          closedAfterThirdBusinessDayWithinFinalResponse: null,
          closedWithinFinalResponse: null, // none had the target
          upheld: 1, // A8
          partiallyUpheld: 0,
          notUpheld: 1, // A7
          redress: [
            { currency: 'EUR', amount: 1234568.191 }, // 1234567.891 + 0.3
            { currency: 'USD', amount: 10.005 },
          ],
          redressPaid: [
            { currency: 'EUR', amount: 1234568.191 }, // every resolution was a first one
            { currency: 'USD', amount: 10.005 },
          ],
          finalResponseBreached: null,
          extended: null,
        },
      ],
    });
  });

  it('groups by branch, `none` for complaints without one, sorted by key', async () => {
    const answer = await get(`/analytics/complaints-return?${PERIOD}&by=branch`);
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([
      {
        key: 'BR-1', // A1 alone
        outstandingAtStart: 0,
        received: 1,
        closed: 1,
        closedByThirdBusinessDay: 1,
        closedAfterThirdBusinessDayWithinFinalResponse: 0,
        closedWithinFinalResponse: 1,
        upheld: 1,
        partiallyUpheld: 0,
        notUpheld: 0,
        redress: [{ currency: 'GBP', amount: 0.1 }],
        redressPaid: [{ currency: 'GBP', amount: 0.1 }],
        finalResponseBreached: 0,
        extended: 0,
      },
      {
        key: 'none',
        outstandingAtStart: 3, // A3, A6, A7
        received: 5, // A2, A4, A5, A8, A9
        closed: 5, // A2, A3, A7, A8, A9
        closedByThirdBusinessDay: 3, // A7, A8, A9
        closedAfterThirdBusinessDayWithinFinalResponse: 1, // A2
        closedWithinFinalResponse: 1, // A2 (A3 late; A7-A9 without the target)
        upheld: 1, // A8
        partiallyUpheld: 1, // A2
        notUpheld: 1, // A7
        redress: [
          { currency: 'EUR', amount: 1234568.191 },
          { currency: 'GBP', amount: 0.2 },
          { currency: 'USD', amount: 10.005 },
        ],
        redressPaid: [
          { currency: 'EUR', amount: 1234568.191 },
          { currency: 'GBP', amount: 100.2 }, // A2: 0.2, then 100
          { currency: 'USD', amount: 10.005 },
        ],
        finalResponseBreached: 1, // A4
        extended: 1, // A2
      },
    ]);
  });

  it('counts a complaint closed in the period it was closed in, once', async () => {
    // April: A6 closed at 04-01 00:00 (first resolution); nothing received. Outstanding at
    // 04-01: A4 and A5 (open), A6 (closed at 04-01, not before).
    const answer = await get(
      '/analytics/complaints-return?from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z',
    );
    expect(answer.body.rows).toEqual([
      {
        ...NOTHING,
        key: 'billing',
        outstandingAtStart: 1, // A4
      },
      {
        ...NOTHING,
        key: 'delivery',
        outstandingAtStart: 2, // A5, A6
        closed: 1,
        // Filed Tue 02-10: Wed 11, Thu 12, Fri 13 17:00; closed in April.
        closedByThirdBusinessDay: 0,
        upheld: 1,
      },
    ]);
    // A2's second resolution (03-13) is not a closing, but its compensation is paid on 03-13.
    const day = await get('/analytics/complaints-return?from=2026-03-13T00:00:00Z&to=2026-03-14T00:00:00Z');
    expect(day.body.rows).toEqual([
      { ...NOTHING, key: 'billing', redressPaid: [{ currency: 'GBP', amount: 100 }] },
      { ...NOTHING, key: 'delivery', outstandingAtStart: 1 }, // A6
    ]);
  });

  const HALF_YEAR = 'from=2026-01-01T00:00:00Z&to=2026-07-01T00:00:00Z';

  it('gives the first half of 2026 as computed by hand, the same for period=2026-H1', async () => {
    const answer = await get(`/analytics/complaints-return?${HALF_YEAR}`);
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([
      {
        key: 'billing',
        outstandingAtStart: 1, // B1
        received: 4, // A1-A4
        closed: 4, // A1, A2, A3, B1
        closedByThirdBusinessDay: 1, // A1
        closedAfterThirdBusinessDayWithinFinalResponse: 2, // A2, B1 (A1 by the third day, A3 late)
        closedWithinFinalResponse: 3, // A1, A2, B1
        upheld: 2, // A1, B1
        partiallyUpheld: 1, // A2
        notUpheld: 0,
        redress: [{ currency: 'GBP', amount: 250.3 }], // first resolutions: 0.1 + 0.2 + 250
        // Every resolution: 0.1 + 0.2 + 100 (A2's second, after its reopening) + 250.
        redressPaid: [{ currency: 'GBP', amount: 350.3 }],
        finalResponseBreached: 2, // A3 (closed 1 ms late), A4 (open past due)
        extended: 1, // A2
      },
      {
        ...NOTHING,
        key: 'delivery',
        outstandingAtStart: 1, // B3
        received: 2, // A5, A6
        closed: 2, // A6 (04-01), B3 (02-27)
        closedByThirdBusinessDay: 0,
        upheld: 1, // A6
      },
      {
        ...NOTHING,
        key: 'quality',
        received: 3, // A7, A8, A9 (B2 filed, closed and outstanding in none of it)
        closed: 3,
        closedByThirdBusinessDay: 3,
        upheld: 1, // A8
        notUpheld: 1, // A7
        redress: [
          { currency: 'EUR', amount: 1234568.191 },
          { currency: 'USD', amount: 10.005 },
        ],
        redressPaid: [
          { currency: 'EUR', amount: 1234568.191 },
          { currency: 'GBP', amount: 7.5 }, // B2's second resolution; its first (GBP 5) was in 2025
          { currency: 'USD', amount: 10.005 },
        ],
      },
    ]);
    const period = await get('/analytics/complaints-return?period=2026-H1');
    expect(period.status).toBe(200);
    expect(period.body).toEqual(answer.body);
    expect(answer.body).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' });
  });

  it('groups by the latest root cause and by the policy rule, `none` where there is none', async () => {
    const byCause = await get('/analytics/complaints-return?period=2026-H1&by=cause');
    expect(byCause.status).toBe(200);
    expect(byCause.body.by).toBe('cause');
    expect(byCause.body.rows).toEqual([
      {
        key: 'billing_system_error', // A1, A2 (its latest), B1
        outstandingAtStart: 1, // B1
        received: 2, // A1, A2
        closed: 3, // A1, A2, B1
        closedByThirdBusinessDay: 1, // A1
        closedAfterThirdBusinessDayWithinFinalResponse: 2, // A2, B1
        closedWithinFinalResponse: 3,
        upheld: 2, // A1, B1
        partiallyUpheld: 1, // A2
        notUpheld: 0,
        redress: [{ currency: 'GBP', amount: 250.3 }],
        redressPaid: [{ currency: 'GBP', amount: 350.3 }],
        finalResponseBreached: 0, // A1, A2 met in time
        extended: 1, // A2
      },
      {
        ...NOTHING,
        key: 'courier_damage', // A7, B2
        received: 1, // A7
        closed: 1,
        closedByThirdBusinessDay: 1,
        notUpheld: 1,
        redress: [{ currency: 'EUR', amount: 1234567.891 }],
        redressPaid: [
          { currency: 'EUR', amount: 1234567.891 },
          { currency: 'GBP', amount: 7.5 }, // B2
        ],
      },
      {
        key: 'none', // A3, A4, A5, A6, A8, A9, B3
        outstandingAtStart: 1, // B3
        received: 6, // A3, A4, A5, A6, A8, A9
        closed: 5, // A3, A6, A8, A9, B3
        closedByThirdBusinessDay: 2, // A8, A9
        closedAfterThirdBusinessDayWithinFinalResponse: 0, // A3 late
        closedWithinFinalResponse: 0,
        upheld: 2, // A6, A8
        partiallyUpheld: 0,
        notUpheld: 0,
        redress: [
          { currency: 'EUR', amount: 0.3 },
          { currency: 'USD', amount: 10.005 },
        ],
        redressPaid: [
          { currency: 'EUR', amount: 0.3 },
          { currency: 'USD', amount: 10.005 },
        ],
        finalResponseBreached: 2, // A3, A4
        extended: 0,
      },
    ]);
    const byRule = await get('/analytics/complaints-return?period=2026-H1&by=rule');
    expect(
      byRule.body.rows.map((row: { key: string; outstandingAtStart: number; received: number }) => [
        row.key,
        row.outstandingAtStart,
        row.received,
      ]),
    ).toEqual([
      ['none', 1, 9], // B3; A1-A9
      ['psr', 1, 0], // B1
    ]);
  });

  it('answers CSV with one column per field and the amounts as currency:amount', async () => {
    const answer = await get(`/analytics/complaints-return?${PERIOD}&by=category`, { accept: 'text/csv' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.text).toBe(
      [
        'key,outstandingAtStart,received,closed,closedByThirdBusinessDay,closedAfterThirdBusinessDayWithinFinalResponse,closedWithinFinalResponse,upheld,partiallyUpheld,notUpheld,redress,redressPaid,finalResponseBreached,extended',
        'billing,1,3,3,1,1,2,1,1,0,GBP:0.3,GBP:100.3,1,1',
        'delivery,1,1,0,0,,,0,0,0,,,,',
        'quality,1,2,3,3,,,1,0,1,EUR:1234568.191;USD:10.005,EUR:1234568.191;USD:10.005,,',
        '',
      ].join('\r\n'),
    );
  });

  it('refuses bad periods and dimensions with 400, and other roles with 403', async () => {
    for (const query of [
      'to=2026-04-01T00:00:00Z',
      'from=2026-03-01T00:00:00Z',
      'from=yesterday&to=2026-04-01T00:00:00Z',
      'from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z',
      'from=2026-04-01T00:00:00Z&to=2026-04-01T00:00:00Z',
      `${PERIOD}&by=severity`,
    ]) {
      const answer = await get(`/analytics/complaints-return?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
    }
    for (const query of [
      'period=2026-H3',
      'period=2026-Q0',
      'period=26-H1',
      'period=2026-H1&from=2026-01-01T00:00:00Z',
      'period=2026-H1&to=2026-07-01T00:00:00Z',
      `period=2026&${PERIOD}`,
    ]) {
      const answer = await get(`/analytics/complaints-return?${query}`);
      // Each message names the field it is about; these are all about period.
      expect({ query, status: answer.status, messages: answer.body.message }).toEqual({
        query,
        status: 400,
        messages: [expect.stringMatching(/^period /)],
      });
    }
    expect((await get(`/analytics/complaints-return?${PERIOD}`, {}, TOKENS.agent)).status).toBe(403);
  });
});
