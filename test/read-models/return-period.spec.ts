import { returnPeriodBounds } from '@cl/read-models';

describe('returnPeriodBounds', () => {
  it('reads halves, quarters and years as local dates of the zone', () => {
    // London: GMT in January, BST (UTC+1) in July; Shanghai UTC+8 all year.
    expect(returnPeriodBounds('2026-H1', 'Europe/London')).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-06-30T23:00:00.000Z',
    });
    expect(returnPeriodBounds('2026-H2', 'Europe/London')).toEqual({
      from: '2026-06-30T23:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
    expect(returnPeriodBounds('2026-Q3', 'Asia/Shanghai')).toEqual({
      from: '2026-06-30T16:00:00.000Z',
      to: '2026-09-30T16:00:00.000Z',
    });
    expect(returnPeriodBounds('2026-Q4', 'UTC')).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
    expect(returnPeriodBounds('2026', 'UTC')).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
  });

  it('refuses anything else', () => {
    for (const period of ['2026-Q5', '2026-H3', '26-H1', '2026-h1', '2026-01', ' 2026', '2026-Q1 ']) {
      expect({ period, bounds: returnPeriodBounds(period, 'UTC') }).toEqual({ period, bounds: undefined });
    }
  });
});
