// 6. Does the early warning work? The backtest: the AUC, loss rate and top-decile lift per asOf,
// the loss rate with and without each reason at a chosen asOf, and the suggested points beside
// the configured ones (in-sample). The figures are the API's, never recomputed.
import { api, query } from '../api.js';
import { drawChart, PALETTE } from '../charts.js';
import { h, notice, table } from '../dom.js';
import { day, formatCount, formatRate, startOfDay } from '../format.js';

const MAX_INSTANTS = 12;
const DEFAULT_INSTANTS = 6;
const DAY_MS = 86_400_000;
const auc = new Intl.NumberFormat('en', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const lift = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const formatAuc = (value) => (value === null || value === undefined ? '–' : auc.format(value));
const formatLift = (value) => (value === null || value === undefined ? '–' : `${lift.format(value)}×`);

/**
 * The first day of each of the last six months whose horizon has passed (the day plus the
 * horizon is not after today), oldest first: the service refuses an asOf whose outcome is not
 * known yet.
 */
export function defaultInstants(horizonDays, now = new Date()) {
  const latest = new Date(now.getTime() - horizonDays * DAY_MS);
  const days = [];
  for (let back = 0; days.length < DEFAULT_INSTANTS; back++) {
    days.unshift(day(new Date(Date.UTC(latest.getUTCFullYear(), latest.getUTCMonth() - back, 1))));
  }
  return days;
}

function chosenOf(params) {
  const horizonDays = params.get('horizonDays') ?? '90';
  const asOf = (params.get('asOf') ?? '')
    .split(',')
    .filter((text) => /^\d{4}-\d{2}-\d{2}$/.test(text))
    .slice(0, MAX_INSTANTS);
  return {
    horizonDays,
    asOf: asOf.length > 0 ? asOf : defaultInstants(Number(horizonDays) || 90),
    reasonsAt: params.get('reasonsAt') ?? '',
  };
}

const cell = (value, format) => ({ text: format(value), value: value ?? '', class: 'num' });

function resultsTable(report) {
  return table(
    `AUC, loss and top-decile lift per asOf, horizon ${report.horizonDays} days`,
    [
      { text: 'As of', field: 'asOf' },
      { text: 'Customers', field: 'customers', class: 'num' },
      { text: 'Lost', field: 'lost', class: 'num' },
      { text: 'Loss rate', field: 'lossRate', class: 'num' },
      { text: 'AUC', field: 'auc', class: 'num' },
      { text: 'Top decile: customers', field: 'topDecile.customers', class: 'num' },
      { text: 'Top decile: lost', field: 'topDecile.lost', class: 'num' },
      { text: 'Top-decile lift', field: 'topDecile.lift', class: 'num' },
    ],
    report.results.map((result) => ({
      attributes: { dataset: { asOf: result.asOf } },
      cells: [
        { text: result.asOf.slice(0, 10), value: result.asOf },
        cell(result.customers, formatCount),
        cell(result.lost, formatCount),
        cell(result.lossRate, formatRate),
        cell(result.auc, formatAuc),
        cell(result.topDecile.customers, formatCount),
        cell(result.topDecile.lost, formatCount),
        cell(result.topDecile.lift, formatLift),
      ],
    })),
    { id: 'backtest-table' },
  );
}

function reasonsTable(result) {
  return table(
    `Loss rate with and without each reason, as of ${result.asOf.slice(0, 10)}`,
    [
      { text: 'Reason', field: 'code' },
      { text: 'With: customers', field: 'with.customers', class: 'num' },
      { text: 'With: lost', field: 'with.lost', class: 'num' },
      { text: 'With: loss rate', field: 'with.lossRate', class: 'num' },
      { text: 'Without: customers', field: 'without.customers', class: 'num' },
      { text: 'Without: lost', field: 'without.lost', class: 'num' },
      { text: 'Without: loss rate', field: 'without.lossRate', class: 'num' },
    ],
    result.byReason.map((reason) => ({
      attributes: { dataset: { code: reason.code } },
      cells: [
        { text: reason.code, value: reason.code },
        cell(reason.with.customers, formatCount),
        cell(reason.with.lost, formatCount),
        cell(reason.with.lossRate, formatRate),
        cell(reason.without.customers, formatCount),
        cell(reason.without.lost, formatCount),
        cell(reason.without.lossRate, formatRate),
      ],
    })),
    { id: 'backtest-reasons-table' },
  );
}

/** The bars and table of one asOf's reasons. */
function renderReasons(box, result) {
  const canvas = h('canvas', {
    id: 'backtest-reasons',
    role: 'img',
    'aria-label': `Loss rate with and without each reason as of ${result.asOf.slice(0, 10)}; the table below has the numbers`,
  });
  box.replaceChildren(h('figure', { class: 'chart' }, canvas), reasonsTable(result));
  drawChart(canvas, {
    type: 'bar',
    data: {
      labels: result.byReason.map((reason) => reason.code),
      datasets: [
        {
          label: 'Loss rate with the reason',
          data: result.byReason.map((reason) => reason.with.lossRate),
          backgroundColor: PALETTE[1],
        },
        {
          label: 'Loss rate without it',
          data: result.byReason.map((reason) => reason.without.lossRate),
          backgroundColor: PALETTE[0],
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { title: { display: true, text: 'Loss rate with and without each reason' } },
      scales: { x: { min: 0, max: 1, ticks: { callback: (value) => formatRate(value) } } },
    },
  });
}

function suggestedSection(suggested) {
  const conditions = Object.keys(suggested.configuredPoints ?? suggested.points);
  return h(
    'section',
    { id: 'backtest-suggested', 'aria-labelledby': 'backtest-suggested-title' },
    h('h3', { id: 'backtest-suggested-title' }, 'Suggested points (never applied)'),
    notice(
      'info',
      'In-sample figures flatter: the suggested points were fitted to these very rows, so their AUC is an upper bound of what adopting them would gain.',
    ),
    h(
      'p',
      {},
      `Over ${formatCount(suggested.rows)} (asOf, customer) rows: AUC of the configured points `,
      h(
        'strong',
        { dataset: { field: 'configuredAuc', value: suggested.configuredAuc ?? '' } },
        formatAuc(suggested.configuredAuc),
      ),
      ', of the suggested points ',
      h('strong', { dataset: { field: 'auc', value: suggested.auc ?? '' } }, formatAuc(suggested.auc)),
      ' (both in-sample).',
    ),
    table(
      'Configured and suggested points per condition',
      [
        { text: 'Condition', field: 'condition' },
        { text: 'Configured points', field: 'configured', class: 'num' },
        { text: 'Suggested points', field: 'suggested', class: 'num' },
      ],
      conditions.map((condition) => ({
        attributes: { dataset: { condition } },
        cells: [
          { text: condition, value: condition },
          cell(suggested.configuredPoints?.[condition], (value) =>
            value === undefined ? '–' : String(value),
          ),
          cell(suggested.points[condition], String),
        ],
      })),
      { id: 'backtest-points-table' },
    ),
  );
}

export async function render(container, { params, setParams, isCurrent, explain }) {
  const chosen = chosenOf(params);
  const dates = h(
    'fieldset',
    { class: 'dates' },
    h('legend', {}, `As of (UTC days, up to ${MAX_INSTANTS}; clear one to drop it)`),
    [...chosen.asOf, ...(chosen.asOf.length < MAX_INSTANTS ? [''] : [])].map((value, index) =>
      h(
        'label',
        {},
        value ? `As of ${index + 1}` : 'Another date',
        h('input', { type: 'date', name: 'asOf', value }),
      ),
    ),
  );
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Backtest query' },
    dates,
    h(
      'label',
      {},
      'Horizon (days without a purchase = lost)',
      h('input', { type: 'number', name: 'horizonDays', min: 30, max: 365, value: chosen.horizonDays }),
    ),
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const asOf = [...new Set(data.getAll('asOf').filter(Boolean))].sort().slice(0, MAX_INSTANTS);
    setParams({ asOf: asOf.join(','), horizonDays: data.get('horizonDays') });
  });
  const results = h('div', { id: 'backtest-results' }, h('p', {}, 'Loading the backtest…'));
  container.replaceChildren(
    h('h2', {}, 'Does the early warning work? The backtest'),
    h(
      'p',
      { class: 'hint' },
      'Each asOf: the customers who bought in the 365 days before it, scored as the list would have; lost = no purchase in the horizon after it. AUC 0.5 is a coin, 1 a perfect ranking.',
    ),
    form,
    results,
  );

  let report;
  try {
    report = await api(
      `/analytics/early-warning/backtest${query({
        asOf: chosen.asOf.map(startOfDay).join(','),
        horizonDays: chosen.horizonDays,
      })}`,
    );
  } catch (error) {
    if (isCurrent()) results.replaceChildren(explain(error, 'the backtest', 'analyst'));
    return;
  }
  if (!isCurrent()) return;

  const at =
    report.results.find((result) => result.asOf.slice(0, 10) === chosen.reasonsAt) ?? report.results.at(-1);
  const reasons = h('div', { id: 'backtest-reasons-box' });
  const picker = h(
    'select',
    { name: 'reasonsAt', id: 'backtest-reasons-at' },
    report.results.map((result) =>
      h('option', { value: result.asOf.slice(0, 10), selected: result === at }, result.asOf.slice(0, 10)),
    ),
  );
  picker.addEventListener('change', () =>
    setParams({ asOf: chosen.asOf.join(','), horizonDays: chosen.horizonDays, reasonsAt: picker.value }),
  );
  results.replaceChildren(
    ...(report.results.every((result) => result.customers === 0)
      ? [notice('info', 'No customer bought anything in the 365 days before any of these dates.')]
      : []),
    resultsTable(report),
    h(
      'section',
      { 'aria-labelledby': 'backtest-reasons-title' },
      h('h3', { id: 'backtest-reasons-title' }, 'Loss rate with and without each reason'),
      h('label', {}, 'As of ', picker),
      reasons,
    ),
    suggestedSection(report.suggested),
  );
  renderReasons(reasons, at);
}
