import { assessRisk, emptyRiskFacts, firstNamedAt, isNamedAt, type CustomerRiskFacts } from '@cl/read-models';

const DAY = 86_400_000;
const AS_OF = Date.parse('2026-06-30T12:00:00.000Z');
const daysBefore = (days: number) => AS_OF - days * DAY;

function facts(build: (facts: CustomerRiskFacts) => void): CustomerRiskFacts {
  const result = emptyRiskFacts();
  build(result);
  return result;
}
const complaint = (filedDaysBefore: number, dueDaysAfterFiling = 3) => ({
  filedAt: daysBefore(filedDaysBefore),
  changes: [
    {
      type: 'filed' as const,
      at: daysBefore(filedDaysBefore),
      dueAt: daysBefore(filedDaysBefore) + dueDaysAfterFiling * DAY,
    },
  ],
});
const resolved = (timeline: ReturnType<typeof complaint>, daysBeforeAsOf: number) => ({
  ...timeline,
  changes: [...timeline.changes, { type: 'resolved' as const, at: daysBefore(daysBeforeAsOf) }],
});
const codes = (f: CustomerRiskFacts, asOf = AS_OF) =>
  Object.fromEntries(assessRisk(f, asOf).reasons.map((reason) => [reason.code, reason.points]));

describe('early-warning score at asOf', () => {
  it('scores nothing for a customer with no signal', () => {
    expect(assessRisk(emptyRiskFacts(), AS_OF)).toEqual({ score: 0, level: 'none', value: 0, reasons: [] });
  });

  it('SLA_BREACH: open past its due time at asOf; not when resolved before asOf; not when due exactly at asOf', () => {
    expect(codes(facts((f) => (f.complaints.A = complaint(10))))).toEqual({ SLA_BREACH: 30 });
    expect(codes(facts((f) => (f.complaints.A = resolved(complaint(10), 1))))).toEqual({});
    expect(codes(facts((f) => (f.complaints.A = complaint(3))))).toEqual({}); // due == asOf: not < asOf
    // Resolved after asOf: at asOf it was still open.
    expect(codes(facts((f) => (f.complaints.A = resolved(complaint(10), -1))))).toEqual({ SLA_BREACH: 30 });
  });

  it('REPEAT_COMPLAINTS: 1 none, exactly 2 and 3 give 10, exactly 4 gives 25; the 90-day edge is (asOf - 90 d, asOf]', () => {
    const filedAt = (...days: number[]) =>
      facts((f) => days.forEach((day, i) => (f.complaints[`C${i}`] = resolved(complaint(day), day))));
    expect(codes(filedAt(5))).toEqual({});
    expect(codes(filedAt(5, 6))).toEqual({ REPEAT_COMPLAINTS: 10 });
    expect(codes(filedAt(5, 6, 7))).toEqual({ REPEAT_COMPLAINTS: 10 });
    expect(codes(filedAt(5, 6, 7, 8))).toEqual({ REPEAT_COMPLAINTS: 25 });
    expect(codes(filedAt(5, 90))).toEqual({}); // exactly 90 days before: outside
    expect(codes(filedAt(5, 89.99))).toEqual({ REPEAT_COMPLAINTS: 10 });
    expect(codes(filedAt(5, -1))).toEqual({}); // filed after asOf: does not count yet
  });

  it('LOW_SATISFACTION: the latest survey (ties by position): <= 2 gives 25, exactly 3 gives 10, 4 nothing', () => {
    const surveys = (...entries: [number, number, number][]) =>
      facts((f) =>
        entries.forEach(([day, position, score]) =>
          f.satisfaction.push({ at: daysBefore(day), position, score }),
        ),
      );
    expect(codes(surveys([10, 1, 1], [5, 2, 4]))).toEqual({});
    expect(codes(surveys([10, 1, 5], [5, 2, 3]))).toEqual({ LOW_SATISFACTION: 10 });
    expect(codes(surveys([5, 9, 2], [5, 3, 5]))).toEqual({ LOW_SATISFACTION: 25 }); // same time: position 9 is later
    expect(codes(surveys([5, 1, 2], [-1, 2, 5]))).toEqual({ LOW_SATISFACTION: 25 }); // the later one is after asOf
  });

  it('NEGATIVE_CALLBACK: latest dissatisfied gives 15, latest unreached 5, none recorded nothing', () => {
    const callbacks = (...entries: [number, boolean, string?][]) =>
      facts((f) =>
        entries.forEach(([day, reached, attitude], i) =>
          f.callbacks.push({ at: daysBefore(day), position: i, reached, ...(attitude && { attitude }) }),
        ),
      );
    expect(codes(callbacks())).toEqual({});
    expect(codes(callbacks([10, true, 'satisfied'], [5, true, 'dissatisfied']))).toEqual({
      NEGATIVE_CALLBACK: 15,
    });
    expect(codes(callbacks([10, true, 'dissatisfied'], [5, false]))).toEqual({ NEGATIVE_CALLBACK: 5 });
    expect(codes(callbacks([10, false], [5, true, 'neutral']))).toEqual({});
  });

  it('REOPENED: a reopening in the 90 days up to asOf', () => {
    const reopenedAt = (day: number) =>
      facts((f) => {
        const timeline = resolved(complaint(200), 199);
        timeline.changes.push({
          type: 'reopened',
          at: daysBefore(day),
          dueAt: daysBefore(day) + 3 * DAY,
        } as never);
        timeline.changes.push({ type: 'resolved', at: daysBefore(day) } as never);
        f.complaints.A = timeline;
      });
    expect(codes(reopenedAt(30))).toEqual({ REOPENED: 10 });
    expect(codes(reopenedAt(90))).toEqual({});
  });

  it('SPEND_DROP: recent spend under half of the 90 days before; exactly half is not a drop', () => {
    const spend = (recent: number, before: number) =>
      facts((f) => {
        if (before > 0) f.purchases.push({ at: daysBefore(120), amount: before });
        if (recent > 0) f.purchases.push({ at: daysBefore(30), amount: recent });
      });
    expect(codes(spend(49.99, 100))).toMatchObject({ SPEND_DROP: 20 });
    expect(codes(spend(50, 100))).not.toHaveProperty('SPEND_DROP');
    expect(codes(spend(0, 0))).toEqual({});
    expect(assessRisk(spend(40, 100), AS_OF).value).toBe(140);
  });

  it('PURCHASE_OVERDUE: 2+ purchases and days since the last over twice the median gap', () => {
    // Gaps 10 and 30 days (median 20): overdue after more than 40 days.
    const buys = (lastDaysBefore: number) =>
      facts((f) =>
        [lastDaysBefore + 40, lastDaysBefore + 30, lastDaysBefore].forEach((day) =>
          f.purchases.push({ at: daysBefore(day), amount: 10 }),
        ),
      );
    expect(codes(buys(40))).toEqual({});
    expect(codes(buys(40.001))).toMatchObject({ PURCHASE_OVERDUE: 15 });
    expect(codes(facts((f) => f.purchases.push({ at: daysBefore(400), amount: 10 })))).toEqual({});
  });

  it('adds the points, caps the score at 100 and maps the levels at 25, 50 and 75', () => {
    const all = facts((f) => {
      for (let i = 0; i < 4; i++) f.complaints[`C${i}`] = complaint(10 + i);
      f.complaints.C0.changes.push({ type: 'resolved', at: daysBefore(9) }, {
        type: 'reopened',
        at: daysBefore(8),
        dueAt: daysBefore(7),
      } as never);
      f.satisfaction.push({ at: daysBefore(5), position: 1, score: 1 });
      f.callbacks.push({ at: daysBefore(5), position: 2, reached: true, attitude: 'dissatisfied' });
    });
    const assessment = assessRisk(all, AS_OF);
    expect(assessment.reasons.map((reason) => reason.code)).toEqual([
      'SLA_BREACH',
      'REPEAT_COMPLAINTS',
      'LOW_SATISFACTION',
      'NEGATIVE_CALLBACK',
      'REOPENED',
    ]);
    expect(assessment.score).toBe(100); // 30 + 25 + 25 + 15 + 10 = 105, capped
    expect(assessment.level).toBe('critical');
  });
});

describe('risk levels', () => {
  it('are none < 25 <= watch < 50 <= warning < 75 <= critical', async () => {
    const { levelOf } = await import('@cl/read-models');
    expect([0, 24, 25, 49, 50, 74, 75, 100].map(levelOf)).toEqual([
      'none',
      'none',
      'watch',
      'watch',
      'warning',
      'warning',
      'critical',
      'critical',
    ]);
  });
});

describe('being listed: named by an event that occurred by asOf', () => {
  it('from firstNamedAt on, whatever the facts (a profile update names the customer and leaves no fact)', () => {
    const named = facts((f) => {
      f.firstNamedAt = daysBefore(-1);
      f.purchases.push({ at: daysBefore(-2), amount: 10 });
    });
    expect(isNamedAt(named, AS_OF)).toBe(false);
    expect(isNamedAt(named, daysBefore(-1) - 1)).toBe(false);
    expect(isNamedAt(named, daysBefore(-1))).toBe(true);
    // Not listed is not a score: the customer's risk at asOf is still answered, at 0.
    expect(assessRisk(named, AS_OF)).toEqual({ score: 0, level: 'none', value: 0, reasons: [] });
  });

  it('facts stored before firstNamedAt existed: their earliest fact time, else every asOf', () => {
    const legacy = facts((f) => {
      f.complaints.A = complaint(5);
      f.satisfaction.push({ at: daysBefore(6), position: 1, score: 4 });
      f.purchases.push({ at: daysBefore(7), amount: 10 }, { at: daysBefore(3), amount: 10 });
      f.callbacks.push({ at: daysBefore(2), position: 2, reached: true });
    });
    expect(firstNamedAt(legacy)).toBe(daysBefore(7));
    expect(isNamedAt(legacy, daysBefore(7) - 1)).toBe(false);
    expect(isNamedAt(legacy, daysBefore(7))).toBe(true);
    const profileOnly = emptyRiskFacts();
    expect(isNamedAt(profileOnly, Date.parse('1970-01-01T00:00:00Z'))).toBe(true);
    expect(isNamedAt(profileOnly, Date.parse('0001-01-01T00:00:00Z'))).toBe(true);
  });
});
