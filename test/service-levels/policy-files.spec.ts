import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BusinessCalendar,
  calendarWarning,
  closeOfThirdBusinessDay,
  dueAt,
  finalResponseDueAt,
  matchingRule,
  parseServiceLevelPolicyText,
  policyInForce,
  targetsOfRule,
} from '@cl/service-levels';

/** The policy files shipped in infra/policies (docs/service-levels.md), parsed and computed by hand. */
const load = (name: string) => {
  const policy = parseServiceLevelPolicyText(
    readFileSync(join(__dirname, '../../infra/policies', name), 'utf8'),
  );
  return { policy, calendar: new BusinessCalendar(policy) };
};
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('infra/policies/uk-firm.json (FCA DISP 1.6)', () => {
  const { policy, calendar } = load('uk-firm.json');

  it('parses: Europe/London, Mon-Fri 09:00-17:00, the bank holidays of 2026 and 2027, 8 weeks', () => {
    expect(policy.timezone).toBe('Europe/London');
    expect(policy.holidays).toHaveLength(16);
    expect(policy.targets.finalResponse).toEqual({ unit: 'days', amount: 56, extensions: [] });
    expect(policy.targets.acknowledge).toEqual({ unit: 'businessDays', amount: 1 });
  });

  it('Easter 2027 and the change to summer time: received Thursday 2027-03-25 16:00 GMT', () => {
    const received = at('2027-03-25T16:00:00Z');
    // Good Friday 03-26, the weekend, Easter Monday 03-29: the next business day is Tuesday 03-30, 17:00 BST.
    expect(iso(dueAt(calendar, policy.targets.acknowledge!, received))).toBe('2027-03-30T16:00:00.000Z');
    // Tue, Wed, Thu 04-01: the three-business-day close.
    expect(iso(closeOfThirdBusinessDay(calendar, received))).toBe('2027-04-01T16:00:00.000Z');
    expect(iso(dueAt(calendar, policy.targets.resolve.medium!, received))).toBe('2027-04-01T16:00:00.000Z');
    // 16 business hours: Thu 16:00-17:00 GMT (1), Tue 09:00-17:00 BST (9), Wed 09:00-16:00 BST (16).
    expect(iso(dueAt(calendar, policy.targets.resolve.high!, received))).toBe('2027-03-31T15:00:00.000Z');
    // Eight weeks: the midnight ending 2027-05-20, in BST.
    expect(iso(finalResponseDueAt(calendar, policy.targets.finalResponse!, received))).toBe(
      '2027-05-20T23:00:00.000Z',
    );
  });

  it('payment-services complaints match the psr rule: 15 business days, 35 with the approved extension', () => {
    expect(matchingRule(policy, { category: 'payments', channel: 'web' })?.name).toBe('psr');
    expect(matchingRule(policy, { category: 'billing', channel: 'web' })).toBeUndefined();
    const psr = targetsOfRule(policy, 'psr');
    expect(psr.finalResponse).toEqual({
      unit: 'businessDays',
      amount: 15,
      extensions: [{ amount: 20, approval: true }],
    });
    // The rule sets the final response only: the policy's other targets stay.
    expect(psr.acknowledge).toEqual(policy.targets.acknowledge);
    expect(psr.resolve).toEqual(policy.targets.resolve);
    // A name the policy no longer has counts with the policy's targets.
    expect(targetsOfRule(policy, 'gone')).toBe(policy.targets);
  });

  it('its calendar covers 2027 (the latest year listed); /health warns from 60 days before', () => {
    expect(policy.calendarCoversUntil).toBe('2027-12-31');
    const inForce = policyInForce(policy);
    expect(inForce.calendarCoveredUntilMs).toBe(at('2028-01-01T00:00:00Z'));
    expect(calendarWarning(inForce, at('2027-11-01T23:59:59Z'))).toBeUndefined();
    expect(calendarWarning(inForce, at('2027-11-02T00:00:00Z'))).toBe('calendar ends 2027-12-31');
    expect(calendarWarning(inForce, at('2028-03-01T00:00:00Z'))).toBe('calendar ends 2027-12-31');
  });

  it('Christmas 2027 on a weekend: the substitute days 12-27 and 12-28 are closed', () => {
    // Friday 2027-12-24 10:00: the next business day is Wednesday 12-29.
    expect(iso(dueAt(calendar, policy.targets.acknowledge!, at('2027-12-24T10:00:00Z')))).toBe(
      '2027-12-29T17:00:00.000Z',
    );
  });
});

describe('infra/policies/cn-bank-branch.json (2020 rules for banks and insurers)', () => {
  const { policy, calendar } = load('cn-bank-branch.json');

  it('parses: Asia/Shanghai, the 2026 holidays and 调休 workdays, 15 days + 15 + 30 with approval', () => {
    expect(policy.timezone).toBe('Asia/Shanghai');
    // 2027's 调休 workdays are not published yet: the calendar is complete to the end of 2026 only.
    expect(policy.calendarCoversUntil).toBe('2026-12-31');
    expect(policy.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(policy.targets.finalResponse).toEqual({
      unit: 'days',
      amount: 15,
      extensions: [
        { amount: 15, approval: false },
        { amount: 30, approval: true },
      ],
    });
  });

  it('the Spring Festival 2026: received Friday 02-13 17:00, the make-up Saturday 02-14 works', () => {
    const received = at('2026-02-13T09:00:00Z');
    // Sat 02-14 (调休, Monday's hours), holidays 02-15 to 02-23, Tue 02-24, Wed 02-25: close 17:30.
    expect(iso(dueAt(calendar, policy.targets.resolve.medium!, received))).toBe('2026-02-25T09:30:00.000Z');
    // 8 business hours: Fri 17:00-17:30 (0.5), Sat 09-12 (3.5), 13:30-17:30 (7.5), Tue 02-24 09:00-09:30.
    expect(iso(dueAt(calendar, policy.targets.resolve.high!, received))).toBe('2026-02-24T01:30:00.000Z');
    // Acknowledged by the close of the next business day: the make-up Saturday.
    expect(iso(dueAt(calendar, policy.targets.acknowledge!, received))).toBe('2026-02-14T09:30:00.000Z');
    // 15 days: the midnight ending 02-28; extended: 30 days (03-15), then 60 days (04-14).
    const finalResponse = policy.targets.finalResponse!;
    expect(
      [0, 1, 2].map((granted) => iso(finalResponseDueAt(calendar, finalResponse, received, granted))),
    ).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-15T16:00:00.000Z', '2026-04-14T16:00:00.000Z']);
  });

  it('National Day 2026: the make-up Sunday 09-20 and Saturday 10-10', () => {
    // Received Saturday 09-19: the next business day is the make-up Sunday 09-20.
    expect(iso(dueAt(calendar, policy.targets.acknowledge!, at('2026-09-19T02:00:00Z')))).toBe(
      '2026-09-20T09:30:00.000Z',
    );
    // Received Wednesday 09-30: holidays 10-01 to 10-07, the make-up Saturday 10-10 is the next business day.
    expect(iso(dueAt(calendar, policy.targets.acknowledge!, at('2026-09-30T02:00:00Z')))).toBe(
      '2026-10-08T09:30:00.000Z',
    );
    // 3 business days from Wednesday 10-07: Thu 10-08, Fri 10-09, Sat 10-10.
    expect(iso(dueAt(calendar, policy.targets.resolve.medium!, at('2026-10-07T02:00:00Z')))).toBe(
      '2026-10-10T09:30:00.000Z',
    );
  });
});
