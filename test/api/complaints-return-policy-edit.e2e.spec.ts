import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { expectOk, startTestApp, waitForProjections } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';

const week = (days: string[], hours: string) =>
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, days.includes(day) ? [hours] : []]),
  );

/**
 * Before the edit: Monday to Friday 09:00-18:00 UTC, final response in 10 days.
 * Filed Fri 2026-03-06 10:00: third business day Mon 9, Tue 10, Wed 11 -> 03-11 18:00 (the
 * default calendar would say 17:00); final response due at the end of the 10th day after
 * 03-06 -> 03-17 00:00.
 */
const BEFORE = {
  timezone: 'UTC',
  week: week(['mon', 'tue', 'wed', 'thu', 'fri'], '09:00-18:00'),
  targets: { finalResponse: { days: 10 } },
};
/**
 * After: Fridays closed, 03-09 and 03-10 holidays, final response in 5 days. The same filing:
 * third business day Wed 11, Thu 12, Mon 16 -> 03-16 17:00; final response due 03-12 00:00.
 */
const AFTER = {
  timezone: 'UTC',
  week: week(['mon', 'tue', 'wed', 'thu'], '09:00-17:00'),
  holidays: ['2026-03-09', '2026-03-10'],
  targets: { finalResponse: { days: 5 } },
};

/**
 * A policy edited between two starts of the service changes the return of complaints filed
 * afterwards only: the complaints filed before keep their row values, also when the read
 * model is built again from the first event under the new policy (the second start has a
 * Redis prefix of its own).
 */
describe('complaints return across a policy edit', () => {
  const dir = makeTempDir('return-policy');
  const policyFile = join(dir.path, 'policy.json');
  const dataDir = join(dir.path, 'data');
  afterAll(() => dir.remove());

  const PERIOD = 'from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z';
  const start = async (policy: object) => {
    writeFileSync(policyFile, JSON.stringify(policy));
    const service = await startTestApp({ API_KEYS, SLA_POLICY_FILE: policyFile, DATA_DIR: dataDir });
    return { service, http: httpClient(service.url) };
  };
  const fileAndResolve = async (
    http: ReturnType<typeof httpClient>,
    id: string,
    category: string,
    resolvedAt: string,
    outcome: string,
  ) => {
    await expectOk(
      http('POST', '/complaints', {
        body: {
          complaintId: id,
          customerId: `CU-${id}`,
          occurredAt: '2026-03-06T10:00:00Z',
          channel: 'web',
          category,
          severity: 'low',
          description: 'd',
        },
      }),
    );
    await expectOk(
      http('POST', `/complaints/${id}/resolution`, {
        body: { resolutionType: 'apology', summary: 's', outcome, occurredAt: resolvedAt },
      }),
    );
  };
  const returnRows = async (http: ReturnType<typeof httpClient>) => {
    const answer = await http('GET', `/analytics/complaints-return?${PERIOD}`, { token: TOKENS.analyst });
    expect(answer.status).toBe(200);
    return answer.body.rows as { key: string }[];
  };

  // E1: resolved Wed 03-11 17:30: by the third day as recorded (18:00, not the default
  // calendar's 17:00) and within the final response.
  // E2: resolved Mon 03-16 12:00: before the edit, after the third day (03-11 18:00) and within
  // the final response (03-17); under the new policy it would be the other way round.
  const billingBefore = {
    key: 'billing',
    outstandingAtStart: 0,
    received: 2,
    closed: 2,
    closedByThirdBusinessDay: 1, // E1
    closedAfterThirdBusinessDayWithinFinalResponse: 1, // E2
    closedWithinFinalResponse: 2, // E1, E2
    upheld: 1, // E1
    partiallyUpheld: 0,
    notUpheld: 1, // E2
    redress: [],
    redressPaid: [],
    finalResponseBreached: 0,
    extended: 0,
  };

  it('keeps the rows of complaints filed before the edit, and counts later ones by the new policy', async () => {
    const first = await start(BEFORE);
    try {
      await fileAndResolve(first.http, 'E1', 'billing', '2026-03-11T17:30:00Z', 'upheld');
      await fileAndResolve(first.http, 'E2', 'billing', '2026-03-16T12:00:00Z', 'not_upheld');
      await waitForProjections(first.service.app);
      expect(await returnRows(first.http)).toEqual([billingBefore]);
    } finally {
      await first.service.stop();
    }

    const second = await start(AFTER);
    try {
      // E3, filed and resolved as E2 but under the new policy: by its third day (03-16 17:00),
      // after its final response's due time (03-12 00:00): breached.
      await fileAndResolve(second.http, 'E3', 'claims', '2026-03-16T12:00:00Z', 'upheld');
      await waitForProjections(second.service.app);
      expect(await returnRows(second.http)).toEqual([
        billingBefore,
        {
          key: 'claims',
          outstandingAtStart: 0,
          received: 1,
          closed: 1,
          closedByThirdBusinessDay: 1,
          closedAfterThirdBusinessDayWithinFinalResponse: 0,
          closedWithinFinalResponse: 0,
          upheld: 1,
          partiallyUpheld: 0,
          notUpheld: 0,
          redress: [],
          redressPaid: [],
          finalResponseBreached: 1,
          extended: 0,
        },
      ]);
    } finally {
      await second.service.stop();
    }
  });
});
