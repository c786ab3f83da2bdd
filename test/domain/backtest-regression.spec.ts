import {
  aucOfCounts,
  fitLogistic,
  RISK_CONDITIONS,
  sigmoid,
  suggestPoints,
  type ConditionsCount,
} from '@cl/read-models';
import { seeded } from '../support/seeded-random';

/**
 * The backtest's regression (libs/read-models/src/backtest): it recovers known weights, and
 * the suggested points are those weights scaled to the largest configured points.
 */
describe('the backtest regression', () => {
  /** True weights: log-odds of loss = -1 + 1.5 SLA_BREACH + 0.75 SPEND_DROP; the others play no part. */
  const INTERCEPT = -1;
  const WEIGHTS = { SLA_BREACH: 1.5, SPEND_DROP: 0.75 } as const;
  const ROWS = 40_000;
  /** Within this of each true weight: about five standard errors at 40,000 rows (seed 29). */
  const TOLERANCE = 0.1;

  const bit = (id: string) => 1 << RISK_CONDITIONS.findIndex((condition) => condition.id === id);

  /** Rows with SLA_BREACH and SPEND_DROP present each with probability 0.3 and REOPENED (no effect) 0.2. */
  function population(): ConditionsCount[] {
    const random = seeded(29);
    const counts = new Map<number, ConditionsCount>();
    for (let row = 0; row < ROWS; row++) {
      const breach = random() < 0.3 ? 1 : 0;
      const drop = random() < 0.3 ? 1 : 0;
      const reopened = random() < 0.2 ? 1 : 0;
      const lost = random() < sigmoid(INTERCEPT + WEIGHTS.SLA_BREACH * breach + WEIGHTS.SPEND_DROP * drop);
      const conditions =
        (breach ? bit('SLA_BREACH') : 0) | (drop ? bit('SPEND_DROP') : 0) | (reopened ? bit('REOPENED') : 0);
      const count = counts.get(conditions) ?? { conditions, customers: 0, lost: 0 };
      count.customers++;
      if (lost) count.lost++;
      counts.set(conditions, count);
    }
    return [...counts.values()];
  }

  it('recovers the weights of a known logistic function of two reason codes', () => {
    const groups = population().map((count) => ({
      features: [
        (count.conditions & bit('SLA_BREACH')) !== 0,
        (count.conditions & bit('SPEND_DROP')) !== 0,
        (count.conditions & bit('REOPENED')) !== 0,
      ].map(Number),
      trials: count.customers,
      successes: count.lost,
    }));
    const fit = fitLogistic(groups, 3);
    expect(Math.abs(fit.intercept - INTERCEPT)).toBeLessThan(TOLERANCE);
    expect(Math.abs(fit.weights[0] - WEIGHTS.SLA_BREACH)).toBeLessThan(TOLERANCE);
    expect(Math.abs(fit.weights[1] - WEIGHTS.SPEND_DROP)).toBeLessThan(TOLERANCE);
    expect(Math.abs(fit.weights[2])).toBeLessThan(TOLERANCE);
    // Deterministic: the same rows give the same fit to the last bit.
    expect(fitLogistic(groups, 3)).toEqual(fit);
  });

  it('suggests points scaled so the largest equals the largest configured (30), 0 for a condition never seen', () => {
    const suggested = suggestPoints(population(), [{ score: 0, lost: 1, retained: 1 }]);
    expect(suggested.points.SLA_BREACH).toBe(30);
    // 0.75 / 1.5 of 30, within the tolerance scaled alike.
    expect(Math.abs(suggested.points.SPEND_DROP - 15)).toBeLessThanOrEqual(2);
    expect(Math.abs(suggested.points.REOPENED)).toBeLessThanOrEqual(2);
    expect(suggested.points['LOW_SATISFACTION:1-2']).toBe(0);
    expect(suggested.points.PURCHASE_OVERDUE).toBe(0);
    expect(suggested).toMatchObject({ inSample: true, rows: ROWS, configuredAuc: 0.5 });
    expect(suggested.auc).toBeGreaterThan(0.6);
  });

  it('suggests no points when no condition raises the odds of loss', () => {
    const suggested = suggestPoints(
      [
        { conditions: 0, customers: 10, lost: 8 },
        { conditions: bit('REOPENED'), customers: 10, lost: 2 },
      ],
      [],
    );
    expect(Object.values(suggested.points).every((points) => points === 0)).toBe(true);
    expect(suggested.auc).toBe(0.5);
    expect(suggested.configuredAuc).toBeNull();
  });

  it('counts ties one half in the AUC, and answers null when a group is empty', () => {
    // Lost at 30, 10, 0; retained at 10, 0, 0. Of the 9 pairs: lost 30 wins 3; lost 10 ties
    // one and wins two (2.5); lost 0 ties two (1) and loses one: 6.5 / 9.
    expect(
      aucOfCounts([
        { score: 30, lost: 1, retained: 0 },
        { score: 10, lost: 1, retained: 1 },
        { score: 0, lost: 1, retained: 2 },
      ]),
    ).toBe(6.5 / 9);
    expect(aucOfCounts([{ score: 5, lost: 3, retained: 0 }])).toBeNull();
  });
});
