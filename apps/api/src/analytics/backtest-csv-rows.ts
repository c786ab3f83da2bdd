import type { EarlyWarningBacktest } from '@cl/read-models';

/** One CSV row of the backtest: every column in every row, empty where it does not apply. */
export interface BacktestCsvRow {
  asOf: string | null;
  /** population (one per asOf), level, reason, or suggested (the points, then their AUC as key `all`). */
  row: 'population' | 'level' | 'reason' | 'suggested';
  /** all, the level, the reason code, or the condition of a suggested point. */
  key: string;
  customers: number | null;
  lost: number | null;
  lossRate: number | null;
  auc: number | null;
  precision: number | null;
  recall: number | null;
  topDecileCustomers: number | null;
  topDecileLost: number | null;
  lift: number | null;
  withoutCustomers: number | null;
  withoutLost: number | null;
  withoutLossRate: number | null;
  points: number | null;
  configuredAuc: number | null;
}

type Figures = Omit<BacktestCsvRow, 'asOf' | 'row' | 'key'>;

const EMPTY: Figures = {
  customers: null,
  lost: null,
  lossRate: null,
  auc: null,
  precision: null,
  recall: null,
  topDecileCustomers: null,
  topDecileLost: null,
  lift: null,
  withoutCustomers: null,
  withoutLost: null,
  withoutLossRate: null,
  points: null,
  configuredAuc: null,
};

/** The backtest as CSV rows: per asOf its population, each level and each reason; then the suggested points. */
export function backtestCsvRows(backtest: EarlyWarningBacktest): BacktestCsvRow[] {
  const rows: BacktestCsvRow[] = [];
  for (const result of backtest.results) {
    const { asOf } = result;
    rows.push(
      line(asOf, 'population', 'all', {
        customers: result.customers,
        lost: result.lost,
        lossRate: result.lossRate,
        auc: result.auc,
        topDecileCustomers: result.topDecile.customers,
        topDecileLost: result.topDecile.lost,
        lift: result.topDecile.lift,
      }),
    );
    for (const level of result.byLevel) {
      rows.push(
        line(asOf, 'level', level.level, {
          customers: level.customers,
          lost: level.lost,
          precision: level.precision,
          recall: level.recall,
        }),
      );
    }
    for (const reason of result.byReason) {
      rows.push(
        line(asOf, 'reason', reason.code, {
          customers: reason.with.customers,
          lost: reason.with.lost,
          lossRate: reason.with.lossRate,
          withoutCustomers: reason.without.customers,
          withoutLost: reason.without.lost,
          withoutLossRate: reason.without.lossRate,
        }),
      );
    }
  }
  const { suggested } = backtest;
  for (const [condition, points] of Object.entries(suggested.points)) {
    rows.push(line(null, 'suggested', condition, { points }));
  }
  rows.push(
    line(null, 'suggested', 'all', {
      customers: suggested.rows,
      auc: suggested.auc,
      configuredAuc: suggested.configuredAuc,
    }),
  );
  return rows;
}

/** A row with its columns in the header's order: asOf, row, key, then every figure. */
function line(
  asOf: string | null,
  row: BacktestCsvRow['row'],
  key: string,
  figures: Partial<Figures>,
): BacktestCsvRow {
  return { asOf, row, key, ...EMPTY, ...figures };
}
