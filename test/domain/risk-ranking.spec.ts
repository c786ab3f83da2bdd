import {
  assessRisk,
  descendingValueKey,
  emptyRiskFacts,
  firstNamedAt,
  isNamedAt,
  nextChangeAfter,
  rankingMember,
  type CustomerRiskFacts,
} from '@cl/read-models';
import { seeded } from '../support/seeded-random';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-30T12:00:00.000Z');

const scoreAndValue = (facts: CustomerRiskFacts, at: number) => {
  const { score, value } = assessRisk(facts, at);
  return { score, value };
};
/** What the ranking keeps of a customer at `at`: score, value and whether the list covers it. */
const rankedAs = (facts: CustomerRiskFacts, at: number) => ({
  ...scoreAndValue(facts, at),
  listed: isNamedAt(facts, at),
});

/** Facts with times around `around`, some within seconds of it, some up to 400 days away. */
function randomFacts(random: () => number, around: number): CustomerRiskFacts {
  const int = (n: number) => Math.floor(random() * n);
  const time = () =>
    random() < 0.3 ? around + int(20_000) - 10_000 : around + Math.round((random() - 0.5) * 800 * DAY);
  const later = (at: number) => at + (random() < 0.5 ? int(5_000) : int(30 * DAY));
  const facts = emptyRiskFacts();
  if (random() < 0.1) {
    facts.firstNamedAt = time(); // named only by profile updates so far
    return facts;
  }
  for (let c = int(6); c > 0; c--) {
    const filedAt = time();
    const changes: CustomerRiskFacts['complaints'][string]['changes'] = [
      { type: 'filed', at: filedAt, dueAt: later(filedAt) },
    ];
    let at = filedAt;
    for (let n = int(5); n > 0; n--) {
      const last = changes[changes.length - 1].type;
      if (last === 'closed') break;
      at = later(at);
      if (last === 'resolved' && random() < 0.6) changes.push({ type: 'reopened', at, dueAt: later(at) });
      else changes.push({ type: random() < 0.7 ? 'resolved' : 'closed', at });
    }
    facts.complaints[`K${c}`] = { filedAt, changes };
  }
  let position = 0;
  for (let n = int(4); n > 0; n--)
    facts.satisfaction.push({ at: time(), position: ++position, score: 1 + int(5) });
  for (let n = int(4); n > 0; n--) {
    const attitude = ['satisfied', 'neutral', 'dissatisfied', undefined][int(4)];
    facts.callbacks.push({
      at: time(),
      position: ++position,
      reached: random() < 0.6,
      ...(attitude && { attitude }),
    });
  }
  for (let n = int(8); n > 0; n--) facts.purchases.push({ at: time(), amount: int(1000) / 10 });
  // Named first by one of these facts, or earlier by a profile update; else stored before the field existed.
  const roll = random();
  if (roll < 0.4) facts.firstNamedAt = Math.min(firstNamedAt(facts), time());
  else if (roll < 0.7) facts.firstNamedAt = firstNamedAt(facts);
  return facts;
}

describe('nextChangeAfter', () => {
  it('for random facts: score, value and being listed hold from each returned instant up to just before the next', () => {
    const random = seeded(20260630);
    let changesSeen = 0;
    for (let run = 0; run < 400; run++) {
      const facts = randomFacts(random, T0);
      let at = T0 + Math.round((random() - 0.5) * 400 * DAY);
      for (let step = 0; step < 500; step++) {
        const next = nextChangeAfter(facts, at);
        expect(next).toBeGreaterThan(at);
        const here = rankedAs(facts, at);
        if (next === Infinity) {
          expect(rankedAs(facts, at + 1)).toEqual(here);
          expect(rankedAs(facts, at + 1000 * DAY)).toEqual(here);
          break;
        }
        expect(Number.isInteger(next)).toBe(true);
        expect({ run, at, next, ...rankedAs(facts, next - 1) }).toEqual({ run, at, next, ...here });
        const inside = at + Math.floor(random() * (next - at));
        expect(rankedAs(facts, inside)).toEqual(here);
        if (JSON.stringify(rankedAs(facts, next)) !== JSON.stringify(here)) changesSeen++;
        at = next;
      }
    }
    expect(changesSeen).toBeGreaterThan(1000); // the walk really crosses changes
  });

  const complaint = (
    filedAt: number,
    dueAt: number,
    ...rest: CustomerRiskFacts['complaints'][string]['changes']
  ) => ({
    filedAt,
    changes: [{ type: 'filed' as const, at: filedAt, dueAt }, ...rest],
  });
  const withFacts = (build: (facts: CustomerRiskFacts) => void) => {
    const facts = emptyRiskFacts();
    build(facts);
    return facts;
  };

  it('is Infinity when nothing can change any more', () => {
    expect(nextChangeAfter(emptyRiskFacts(), T0)).toBe(Infinity);
    const settled = withFacts((f) => {
      f.complaints.A = complaint(T0 - 100 * DAY, T0 - 99 * DAY); // open, breached long ago
      f.purchases.push({ at: T0 - 400 * DAY, amount: 10 });
      f.satisfaction.push({ at: T0 - 5 * DAY, position: 1, score: 1 });
    });
    expect(nextChangeAfter(settled, T0)).toBe(Infinity);
    expect(assessRisk(settled, T0).score).toBe(55);
  });

  it('SLA_BREACH: the millisecond after the due time of a complaint open at asOf (dueAt < asOf is strict)', () => {
    const due = T0 + 5000;
    const facts = withFacts((f) => (f.complaints.A = complaint(T0 - 1000, due)));
    expect(nextChangeAfter(facts, T0)).toBe(due + 1);
    expect(nextChangeAfter(facts, due)).toBe(due + 1);
    expect(assessRisk(facts, due).score).toBe(0);
    expect(assessRisk(facts, due + 1).score).toBe(30);
    // Breached: the next change is the filing leaving the 90 days.
    expect(nextChangeAfter(facts, due + 1)).toBe(T0 - 1000 + 90 * DAY);
    // Resolved before its due time: the resolution is the next change, no breach follows.
    const resolved = withFacts(
      (f) => (f.complaints.A = complaint(T0 - 1000, due, { type: 'resolved', at: T0 + 2000 })),
    );
    expect(nextChangeAfter(resolved, T0)).toBe(T0 + 2000);
    expect(nextChangeAfter(resolved, T0 + 2000)).toBe(T0 - 1000 + 90 * DAY);
    // Reopened: the due time of the reopening.
    const reopened = withFacts(
      (f) =>
        (f.complaints.A = complaint(
          T0 - 10 * DAY,
          T0 - 9 * DAY,
          { type: 'resolved', at: T0 - 9.5 * DAY },
          { type: 'reopened', at: T0 - 1000, dueAt: T0 + 60_000 },
        )),
    );
    expect(nextChangeAfter(reopened, T0)).toBe(T0 + 60_001);
    expect(assessRisk(reopened, T0 + 60_001).score).toBe(40); // SLA_BREACH + REOPENED
  });

  it('a fact later than asOf is a change (occurredAt may be minutes ahead of the clock)', () => {
    const facts = withFacts((f) => {
      f.satisfaction.push({ at: T0 + 5 * 60_000, position: 1, score: 1 });
      f.callbacks.push({ at: T0 + 7 * 60_000, position: 2, reached: false });
    });
    expect(nextChangeAfter(facts, T0)).toBe(T0 + 5 * 60_000);
    expect(nextChangeAfter(facts, T0 + 5 * 60_000)).toBe(T0 + 7 * 60_000);
    expect(nextChangeAfter(facts, T0 + 7 * 60_000)).toBe(Infinity);
  });

  it('the first naming: a customer named only by a profile update minutes ahead enters the list then', () => {
    const named = T0 + 3 * 60_000;
    const facts = withFacts((f) => (f.firstNamedAt = named));
    expect(nextChangeAfter(facts, T0)).toBe(named);
    expect(rankedAs(facts, named - 1)).toEqual({ score: 0, value: 0, listed: false });
    expect(rankedAs(facts, named)).toEqual({ score: 0, value: 0, listed: true });
    expect(nextChangeAfter(facts, named)).toBe(Infinity);
  });

  it('REPEAT_COMPLAINTS and REOPENED: 90 days after the filing or reopening', () => {
    const facts = withFacts((f) => {
      f.complaints.A = complaint(T0 - 10 * DAY, T0 - 9 * DAY, { type: 'closed', at: T0 - 9.5 * DAY });
      f.complaints.B = complaint(
        T0 - 5 * DAY,
        T0 - 4 * DAY,
        { type: 'resolved', at: T0 - 4.5 * DAY },
        { type: 'reopened', at: T0 - 3 * DAY, dueAt: T0 - 2 * DAY },
        { type: 'closed', at: T0 - 2.5 * DAY },
      );
    });
    expect(assessRisk(facts, T0).score).toBe(20);
    const first = nextChangeAfter(facts, T0);
    expect(first).toBe(T0 + 80 * DAY);
    expect(assessRisk(facts, first - 1).score).toBe(20);
    expect(assessRisk(facts, first).score).toBe(10); // one complaint left in the 90 days
    expect(nextChangeAfter(facts, first)).toBe(T0 + 85 * DAY);
    expect(nextChangeAfter(facts, T0 + 85 * DAY)).toBe(T0 + 87 * DAY);
    expect(assessRisk(facts, T0 + 87 * DAY).score).toBe(0);
    expect(nextChangeAfter(facts, T0 + 87 * DAY)).toBe(Infinity);
  });

  it('purchases: into the 90 days before at +90 d, out of them at +180 d, out of the value at +365 d', () => {
    const bought = T0 - DAY;
    const facts = withFacts((f) => f.purchases.push({ at: bought, amount: 10 }));
    expect(nextChangeAfter(facts, T0)).toBe(bought + 90 * DAY);
    expect(scoreAndValue(facts, bought + 90 * DAY - 1)).toEqual({ score: 0, value: 10 });
    expect(scoreAndValue(facts, bought + 90 * DAY)).toEqual({ score: 20, value: 10 }); // SPEND_DROP
    expect(nextChangeAfter(facts, bought + 90 * DAY)).toBe(bought + 180 * DAY);
    expect(scoreAndValue(facts, bought + 180 * DAY)).toEqual({ score: 0, value: 10 });
    expect(nextChangeAfter(facts, bought + 180 * DAY)).toBe(bought + 365 * DAY);
    expect(scoreAndValue(facts, bought + 365 * DAY)).toEqual({ score: 0, value: 0 });
    expect(nextChangeAfter(facts, bought + 365 * DAY)).toBe(Infinity);
  });

  it('PURCHASE_OVERDUE: the first millisecond past twice the median gap (strict, fractional days)', () => {
    // Gaps 10 and 30 days (median 20): overdue once more than 40 days have passed.
    const last = T0 - 10 * DAY;
    const facts = withFacts((f) =>
      [last - 40 * DAY, last - 30 * DAY, last].forEach((at) => f.purchases.push({ at, amount: 10 })),
    );
    expect(nextChangeAfter(facts, T0)).toBe(last + 40 * DAY + 1);
    expect(assessRisk(facts, last + 40 * DAY).reasons).toEqual([]);
    expect(assessRisk(facts, last + 40 * DAY + 1).reasons.map((r) => r.code)).toEqual(['PURCHASE_OVERDUE']);
    // Gaps of 1,000 and 2,333 ms: the median is 1,666.5 ms, the threshold 3,333 ms after the last.
    const quick = withFacts((f) =>
      [T0, T0 + 1000, T0 + 3333].forEach((at) => f.purchases.push({ at, amount: 1 })),
    );
    const overdue = nextChangeAfter(quick, T0 + 4000);
    expect(overdue).toBe(T0 + 6667);
    expect(assessRisk(quick, overdue - 1).reasons).toEqual([]);
    expect(assessRisk(quick, overdue).reasons.map((r) => r.code)).toEqual(['PURCHASE_OVERDUE']);
    // Already overdue: nothing until the purchases leave their windows.
    expect(nextChangeAfter(quick, overdue)).toBe(T0 + 90 * DAY);
  });
});

describe('the ranking order encoding', () => {
  const values = [
    -Infinity,
    -1e300,
    -1234.5,
    -1,
    -0.30000000000000004,
    -0.3,
    -5e-324,
    -0,
    0,
    5e-324,
    0.1,
    0.30000000000000004,
    1,
    2,
    99.99,
    100,
    1e15,
    1e300,
    Infinity,
  ];

  it('descendingValueKey: 16 hex digits whose byte order is descending value; -0 is 0', () => {
    const keys = values.map(descendingValueKey);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(descendingValueKey(-0)).toBe(descendingValueKey(0));
    const byKey = [...values].sort((a, b) => compare(descendingValueKey(a), descendingValueKey(b)));
    expect(byKey).toEqual([...values].sort((a, b) => b - a));
  });

  it('descendingValueKey: random doubles compare as their keys do, reversed', () => {
    const random = seeded(7);
    const view = new DataView(new ArrayBuffer(8));
    const randomDouble = () => {
      if (random() < 0.5) return Math.round((random() - 0.5) * 1e6) / 100;
      view.setUint32(0, Math.floor(random() * 2 ** 32));
      view.setUint32(4, Math.floor(random() * 2 ** 32));
      const value = view.getFloat64(0);
      return Number.isNaN(value) ? 0 : value;
    };
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = [randomDouble(), randomDouble()];
      expect(compare(descendingValueKey(a), descendingValueKey(b))).toBe(Math.sign(b - a) || 0);
    }
  });

  it('rankingMember: value desc, then customer id asc, byte by byte', () => {
    const members = [
      rankingMember(10, 'CU-U'),
      rankingMember(90, 'CU-S'),
      rankingMember(10, 'CU-T'),
      rankingMember(10, 'CU-T1'),
      rankingMember(0, 'A'),
      rankingMember(10, 'CU-A'),
    ];
    expect(members.sort(compare).map((member) => member.slice(16))).toEqual([
      'CU-S',
      'CU-A',
      'CU-T',
      'CU-T1',
      'CU-U',
      'A',
    ]);
  });
});

/** Byte order, as Redis compares sorted-set members (ASCII here). */
function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
