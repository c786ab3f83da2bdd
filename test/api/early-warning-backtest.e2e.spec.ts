import { TOKENS } from '../support/http-client';
import { expectOk, useTestApp, type TestAppFixture } from '../support/test-app';

/**
 * GET /analytics/early-warning/backtest (docs/domain.md, The backtest) on a scenario computed
 * by hand: 14 customers, two asOf instants 200 days apart, horizon 90 days. The same
 * scenario recorded in another order answers the same, and a customer whose only purchase is
 * after the last asOf + horizon changes nothing.
 */
const DAY = 86_400_000;
/** T1, 400 days ago (a whole day, so that the scenario's times are whole hours); T2 = T1 + 200 days. */
const T1 = Math.floor((Date.now() - 400 * DAY) / DAY) * DAY;
const T2 = T1 + 200 * DAY;
/** An instant `days` after T1 (negative: before), ISO. */
const at = (days: number) => new Date(T1 + days * DAY).toISOString();
const ASOF = `${at(0)},${at(200)}`;

/** One event to record: the stream it belongs to (events of one stream keep their order). */
interface Step {
  stream: string;
  record: (fixture: TestAppFixture) => Promise<void>;
}

function scenario(): Step[][] {
  const steps: Step[][] = [];
  let customer: Step[] = [];
  const begin = () => {
    customer = [];
    steps.push(customer);
  };
  const post = (stream: string, path: string, body: object) =>
    customer.push({ stream, record: ({ http }) => expectOk(http('POST', path, { body })) });
  const file = (complaintId: string, customerId: string, day: number, severity = 'low') =>
    post(complaintId, '/complaints', {
      complaintId,
      customerId,
      occurredAt: at(day),
      severity,
      channel: 'web',
      category: 'billing',
      description: 'd',
    });
  const close = (complaintId: string, day: number) =>
    post(complaintId, `/complaints/${complaintId}/close`, { occurredAt: at(day) });
  const survey = (complaintId: string, score: number, day: number) =>
    post(complaintId, `/complaints/${complaintId}/satisfaction`, {
      respondent: { contactId: 'P', role: 'primary' },
      score,
      occurredAt: at(day),
    });
  const purchase = (customerId: string, amount: number, day: number) =>
    post(`customer-${customerId}`, `/customers/${customerId}/purchases`, {
      orderId: `O${day}`,
      amount,
      currency: 'EUR',
      occurredAt: at(day),
    });
  /** Two complaints filed 30 and 20 days before T1, closed, the second surveyed 1: 35 points at T1. */
  const twoComplaintsSurveyedOne = (customerId: string) => {
    file(`${customerId}-1`, customerId, -30);
    close(`${customerId}-1`, -29);
    file(`${customerId}-2`, customerId, -20);
    close(`${customerId}-2`, -19);
    survey(`${customerId}-2`, 1, -18);
  };

  // C01: open high complaint past its due time (SLA_BREACH 30) at T1; lost at T1.
  begin();
  purchase('C01', 100, -10);
  file('C01-1', 'C01', -5, 'high');
  // C02: REPEAT_COMPLAINTS 10 + LOW_SATISFACTION 25 at T1, retained (+70). At T2: LOW_SATISFACTION
  // 25 + SPEND_DROP 20 (nothing in (110, 200], 100 in (20, 110]) = 45, value 200, lost.
  begin();
  twoComplaintsSurveyedOne('C02');
  purchase('C02', 100, -20);
  purchase('C02', 100, 70);
  // C03: LOW_SATISFACTION 25 (survey 2) at T1 and T2; retained at T1 (+30), lost at T2.
  begin();
  purchase('C03', 300, -30);
  file('C03-1', 'C03', -10);
  close('C03-1', -9);
  survey('C03-1', 2, -8);
  purchase('C03', 50, 30);
  purchase('C03', 50, 150);
  // C04: 0 at T1, retained (+45); SPEND_DROP 20 at T2, retained (+250).
  begin();
  purchase('C04', 100, -40);
  purchase('C04', 100, 45);
  purchase('C04', 100, 250);
  // C05: 0, lost at T1.
  begin();
  purchase('C05', 100, -50);
  // C06: SPEND_DROP 20 at T1 (10 against 200), lost.
  begin();
  purchase('C06', 200, -150);
  purchase('C06', 10, -10);
  // C07: PURCHASE_OVERDUE 15 at T1 (85 days, median gap 7.5), retained (+60); at T2
  // PURCHASE_OVERDUE (140 days, median gap 10) + SPEND_DROP = 35, value 40, lost.
  begin();
  purchase('C07', 10, -100);
  purchase('C07', 10, -95);
  purchase('C07', 10, -85);
  purchase('C07', 10, 60);
  // C08: NEGATIVE_CALLBACK 15 + REOPENED 10 = 25 at T1, retained (+10).
  begin();
  purchase('C08', 50, -5);
  file('C08-1', 'C08', -20);
  post('C08-1', '/complaints/C08-1/resolution', {
    resolutionType: 'apology',
    summary: 's',
    occurredAt: at(-19),
  });
  post('C08-1', '/complaints/C08-1/reopen', { reason: 'r', occurredAt: at(-18) });
  post('C08-1', '/complaints/C08-1/resolution', {
    resolutionType: 'apology',
    summary: 's',
    occurredAt: at(-17),
  });
  post('C08-1', '/complaints/C08-1/callbacks', {
    reached: true,
    attitude: 'dissatisfied',
    occurredAt: at(-16),
  });
  purchase('C08', 50, 10);
  // C09: 0 at T1 (its purchase 300 days before), lost.
  begin();
  purchase('C09', 100, -300);
  // C10: never in a population (its only purchase more than 365 days before T1), however at risk.
  begin();
  purchase('C10', 100, -400);
  file('C10-1', 'C10', -5);
  // C11: SPEND_DROP 20 at T2, value 100, retained (+220).
  begin();
  purchase('C11', 100, 100);
  purchase('C11', 100, 220);
  // C12: as C02 at T1 (35) with value 500, lost: first of the two 35s in the list's order.
  begin();
  twoComplaintsSurveyedOne('C12');
  purchase('C12', 500, -20);
  // C13: SPEND_DROP 20 at T2, lost: ties C11.
  begin();
  purchase('C13', 100, 100);
  // C14: 0 at T2, retained (+280).
  begin();
  purchase('C14', 100, 190);
  purchase('C14', 100, 280);
  return steps;
}

/** Customer by customer, each stream's events in turn. */
const inFilingOrder = (steps: Step[][]) => steps.flat();

/** The customers backwards, and each customer's streams backwards (each stream's events in their order). */
function inAnotherOrder(steps: Step[][]): Step[] {
  return [...steps].reverse().flatMap((customer) => {
    const streams = [...new Set(customer.map((step) => step.stream))].reverse();
    return streams.flatMap((stream) => customer.filter((step) => step.stream === stream));
  });
}

const reason = (code: string, withIt: number[], without: number[]) => ({
  code,
  with: { customers: withIt[0], lost: withIt[1], lossRate: withIt[0] === 0 ? null : withIt[1] / withIt[0] },
  without: { customers: without[0], lost: without[1], lossRate: without[1] / without[0] },
});

/**
 * At T1, the population (a purchase in the 365 days up to T1) is C01-C09 and C12: 10. Lost
 * (no purchase in (T1, T1 + 90 d]): C01 30, C05 0, C06 20, C09 0, C12 35; retained: C02 35,
 * C03 25, C04 0, C07 15, C08 25. AUC: lost 35 ties one and beats four (4.5), 30 beats four,
 * 20 beats two, each 0 ties one (0.5 + 0.5): 11.5 / 25. Watch (>= 25): C01, C02, C03, C08,
 * C12, two of them lost. The top decile is ceil(1.0) = 1 customer: of the two 35s, C12 (value
 * 500) before C02 (100): lost, so its loss rate is 1 and the lift 1 / 0.5.
 */
const AT_T1 = {
  asOf: at(0),
  customers: 10,
  lost: 5,
  lossRate: 0.5,
  auc: 11.5 / 25,
  byLevel: [
    { level: 'watch', customers: 5, lost: 2, precision: 2 / 5, recall: 2 / 5 },
    { level: 'warning', customers: 0, lost: 0, precision: null, recall: 0 },
    { level: 'critical', customers: 0, lost: 0, precision: null, recall: 0 },
  ],
  topDecile: { customers: 1, lost: 1, lift: 1 / 0.5 },
  byReason: [
    reason('SLA_BREACH', [1, 1], [9, 4]),
    reason('REPEAT_COMPLAINTS', [2, 1], [8, 4]),
    reason('LOW_SATISFACTION', [3, 1], [7, 4]),
    reason('NEGATIVE_CALLBACK', [1, 0], [9, 5]),
    reason('REOPENED', [1, 0], [9, 5]),
    reason('SPEND_DROP', [1, 1], [9, 4]),
    reason('PURCHASE_OVERDUE', [1, 0], [9, 5]),
  ],
};

/**
 * At T2 (T1 + 200 d), the population (a purchase in (T2 - 365 d, T2] = (T1 - 165 d, T1 + 200
 * d]) is every customer but C09 and C10: 12. Lost (no purchase in (T2, T2 + 90 d]): C01 30
 * (its complaint still open), C02 45, C03 25, C05 0, C06 0, C07 35, C08 30 (the call-back
 * still the latest, 15; 190 days since a purchase against a gap of 15, 15), C12 25, C13 20;
 * retained: C04 20, C11 20, C14 0. AUC: every lost customer above 20 beats all three (6 x 3),
 * 20 ties two and beats one (2), each 0 ties one (0.5 + 0.5): 21 / 27. Watch: C01, C02, C03,
 * C07, C08, C12, all lost. Top decile: ceil(1.2) = 2, C02 and C07, both lost: lift 1 / 0.75.
 */
const AT_T2 = {
  asOf: at(200),
  customers: 12,
  lost: 9,
  lossRate: 0.75,
  auc: 21 / 27,
  byLevel: [
    { level: 'watch', customers: 6, lost: 6, precision: 1, recall: 6 / 9 },
    { level: 'warning', customers: 0, lost: 0, precision: null, recall: 0 },
    { level: 'critical', customers: 0, lost: 0, precision: null, recall: 0 },
  ],
  topDecile: { customers: 2, lost: 2, lift: 1 / 0.75 },
  byReason: [
    reason('SLA_BREACH', [1, 1], [11, 8]),
    reason('REPEAT_COMPLAINTS', [0, 0], [12, 9]),
    reason('LOW_SATISFACTION', [3, 3], [9, 6]),
    reason('NEGATIVE_CALLBACK', [1, 1], [11, 8]),
    reason('REOPENED', [0, 0], [12, 9]),
    reason('SPEND_DROP', [5, 3], [7, 6]),
    reason('PURCHASE_OVERDUE', [2, 2], [10, 7]),
  ],
};

/**
 * Over the 22 rows, lost 45; 35 x2; 30 x3; 25 x2; 20 x2; 0 x4 against retained 0, 0, 15, 20,
 * 20, 25, 25, 35: 8 + 2 x 7.5 + 3 x 7 + 2 x 6 + 2 x 4 + 4 x 1 = 68 of 14 x 8 pairs.
 */
const CONFIGURED_AUC = 68 / 112;

interface Backtest {
  horizonDays: number;
  results: unknown[];
  suggested: { points: Record<string, number>; auc: number | null; configuredAuc: number | null };
}

const analyst = { token: TOKENS.analyst };

describe('GET /analytics/early-warning/backtest', () => {
  let first: Backtest;

  describe('on a scenario computed by hand', () => {
    const service = useTestApp();
    const { http } = service;

    beforeAll(async () => {
      for (const step of inFilingOrder(scenario())) await step.record(service);
      await service.projectionsCaughtUp();
    });

    it('answers every count, rate, AUC (ties one half), lift and per-reason split per asOf', async () => {
      const answer = await http(
        'GET',
        `/analytics/early-warning/backtest?asOf=${ASOF}&horizonDays=90`,
        analyst,
      );
      expect(answer.status).toBe(200);
      first = answer.body as Backtest;
      expect(first.horizonDays).toBe(90);
      expect(first.results).toEqual([AT_T1, AT_T2]);
      // The list at T1 ranks as the top decile did: C12 before C02 (both 35, by value).
      const list = await http('GET', `/analytics/early-warning?asOf=${at(0)}&limit=2`, analyst);
      expect(
        list.body.customers.map((entry: { customerId: string; score: number }) => [
          entry.customerId,
          entry.score,
        ]),
      ).toEqual([
        ['C12', 35],
        ['C02', 35],
      ]);
    });

    it('suggests integer points per condition, the largest 30, with in-sample AUCs beside the configured one', () => {
      const { suggested } = first as Backtest & { suggested: { inSample: boolean; rows: number } };
      expect(suggested).toMatchObject({ configuredAuc: CONFIGURED_AUC, inSample: true, rows: 22 });
      const points = Object.values(suggested.points);
      expect(Object.keys(suggested.points)).toHaveLength(10);
      expect(points.every(Number.isInteger)).toBe(true);
      expect(Math.max(...points)).toBe(30);
      expect(suggested.auc).toBeGreaterThanOrEqual(0);
      expect(suggested.auc).toBeLessThanOrEqual(1);
      // A condition that never held in a row gets no points.
      expect(suggested.points['REPEAT_COMPLAINTS:4+']).toBe(0);
    });

    it('answers CSV: one row per asOf, level and reason, then the suggested points', async () => {
      const answer = await http('GET', `/analytics/early-warning/backtest?asOf=${ASOF}`, {
        ...analyst,
        headers: { accept: 'text/csv' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = answer.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'asOf,row,key,customers,lost,lossRate,auc,precision,recall,topDecileCustomers,topDecileLost,lift,withoutCustomers,withoutLost,withoutLossRate,points,configuredAuc',
      );
      // 2 x (population + 3 levels + 7 reasons) + 10 suggested points + their AUCs.
      expect(lines).toHaveLength(1 + 2 * 11 + 11);
      expect(lines[1]).toBe(`${at(0)},population,all,10,5,0.5,${11.5 / 25},,,1,1,2,,,,,`);
      expect(lines[2]).toBe(`${at(0)},level,watch,5,2,,,0.4,0.4,,,,,,,,`);
      expect(lines).toContain(`${at(200)},reason,SPEND_DROP,5,3,0.6,,,,,,,7,6,${6 / 7},,`);
      expect(lines).toContain(`,suggested,SLA_BREACH,,,,,,,,,,,,,${first.suggested.points.SLA_BREACH},`);
      expect(lines[lines.length - 1]).toBe(
        `,suggested,all,22,,,${first.suggested.auc},,,,,,,,,,${CONFIGURED_AUC}`,
      );
    });

    it('refuses 0 or 13 instants, one not an instant, one whose horizon has not passed, a horizon outside 30-365', async () => {
      const recent = new Date(Date.now() - 80 * DAY).toISOString();
      const thirteen = Array.from({ length: 13 }, (_, index) => at(index)).join(',');
      for (const [query, field] of [
        ['', 'asOf'],
        [`asOf=${thirteen}`, 'asOf'],
        [`asOf=${at(0)},yesterday`, 'asOf'],
        [`asOf=${at(0)},${recent}`, 'asOf'],
        [`asOf=${recent}&horizonDays=30`, 'never'],
        [`asOf=${at(0)}&horizonDays=29`, 'horizonDays'],
        [`asOf=${at(0)}&horizonDays=366`, 'horizonDays'],
      ]) {
        const answer = await http('GET', `/analytics/early-warning/backtest?${query}`, analyst);
        if (field === 'never') {
          expect(answer.status).toBe(200);
          continue;
        }
        expect(answer.status).toBe(400);
        expect(answer.text).toContain(field);
      }
      expect((await http('GET', `/analytics/early-warning/backtest?asOf=${at(0)}`)).status).toBe(403);
    });
  });

  describe('on the same scenario recorded in another order', () => {
    const service = useTestApp();
    const { http } = service;

    beforeAll(async () => {
      for (const step of inAnotherOrder(scenario())) await step.record(service);
      await service.projectionsCaughtUp();
    });

    it('answers the same, and the same again with a customer whose purchase is after the last asOf + horizon', async () => {
      const backtest = async () => {
        const answer = await http(
          'GET',
          `/analytics/early-warning/backtest?asOf=${ASOF}&horizonDays=90`,
          analyst,
        );
        expect(answer.status).toBe(200);
        return answer.body as Backtest;
      };
      expect(first).toBeDefined();
      expect(await backtest()).toEqual(first);
      await expectOk(
        http('POST', '/customers/C99/purchases', {
          body: {
            orderId: 'O1',
            amount: 1000,
            currency: 'EUR',
            occurredAt: new Date(T2 + 91 * DAY).toISOString(),
          },
        }),
      );
      await service.projectionsCaughtUp();
      expect(await backtest()).toEqual(first);
    });
  });
});
