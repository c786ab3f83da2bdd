// 1. The funnel: its stages as a chart for a period, window and grouping, the baseline beside
// it, the numbers in a table under it, a CSV download. Rates are the API's.
import { api, query } from '../api.js';
import { drawChart, PALETTE } from '../charts.js';
import { h, notice, periodFields, table } from '../dom.js';
import { day, formatCount, formatNumber, formatRate, startOfDay } from '../format.js';

export const live = true;

const GROUPINGS = [
  ['resolutionSpeed', 'Resolution speed'],
  ['', 'No grouping (all)'],
  ['category', 'Category'],
  ['channel', 'Channel'],
  ['severity', 'Severity'],
  ['branch', 'Branch'],
  ['month', 'Month'],
  ['goodwill', 'Goodwill'],
  ['agent', 'Resolving agent (first resolution)'],
];
const STAGES = [
  ['filed', 'Filed'],
  ['resolved', 'Resolved'],
  ['callbackReached', 'Call-back reached'],
  ['satisfied', 'Satisfied'],
  ['repurchased', 'Repurchased'],
];

function defaults(params, session) {
  const today = new Date();
  const windows = session.repurchaseWindows ?? [30, 90, 180];
  return {
    from: params.get('from') ?? day(new Date(today.getTime() - 365 * 86400000)),
    to: params.get('to') ?? day(new Date(today.getTime() + 86400000)),
    groupBy: params.get('groupBy') ?? 'resolutionSpeed',
    window: params.get('window') ?? String(windows.includes(90) ? 90 : windows[0]),
  };
}

export async function render(container, { session, params, setParams, isCurrent, explain }) {
  const chosen = defaults(params, session);
  const windows = session.repurchaseWindows ?? [30, 90, 180];
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Funnel query' },
    ...periodFields(chosen),
    h(
      'label',
      {},
      'Group by',
      h(
        'select',
        { name: 'groupBy' },
        GROUPINGS.map(([value, text]) => h('option', { value, selected: value === chosen.groupBy }, text)),
      ),
    ),
    h(
      'label',
      {},
      'Repurchase window',
      h(
        'select',
        { name: 'window' },
        windows.map((days) =>
          h('option', { value: days, selected: String(days) === chosen.window }, `${days} days`),
        ),
      ),
    ),
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({
      from: data.get('from'),
      to: data.get('to'),
      groupBy: data.get('groupBy'),
      window: data.get('window'),
    });
  });
  const results = h('div', { id: 'funnel-results' }, h('p', {}, 'Loading the funnel…'));
  container.replaceChildren(h('h2', {}, 'Funnel'), form, results);

  const path = `/analytics/funnel${query({
    from: startOfDay(chosen.from),
    to: startOfDay(chosen.to),
    groupBy: chosen.groupBy,
    repurchaseWindowDays: chosen.window,
  })}`;
  let report;
  try {
    report = await api(path);
  } catch (error) {
    if (isCurrent()) results.replaceChildren(explain(error, 'the funnel', 'analyst'));
    return;
  }
  if (!isCurrent()) return;

  const csv = h('button', { type: 'button', class: 'secondary' }, 'Download CSV');
  csv.addEventListener('click', async () => {
    try {
      const text = await api(path, { accept: 'text/csv' });
      const link = h('a', {
        href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })),
        download: `funnel-${chosen.from}-${chosen.to}-${chosen.groupBy || 'all'}.csv`,
      });
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      csv.after(explain(error, 'the CSV', 'analyst'));
    }
  });

  const baseline = report.baseline;
  const baselineBox = h(
    'aside',
    { class: 'notice', 'aria-label': 'Baseline', id: 'funnel-baseline' },
    h('strong', {}, 'Baseline: '),
    `customers who bought in the period without a complaint: `,
    h(
      'span',
      { dataset: { field: 'baseline.customers', value: baseline.customers } },
      formatCount(baseline.customers),
    ),
    ', repurchased: ',
    h(
      'span',
      { dataset: { field: 'baseline.repurchased', value: baseline.repurchased } },
      formatCount(baseline.repurchased),
    ),
    ', rate: ',
    h('span', { dataset: { field: 'baseline.rate', value: baseline.rate } }, formatRate(baseline.rate)),
  );
  const filed = report.groups.reduce((sum, group) => sum + group.filed, 0);
  const empty =
    filed === 0
      ? notice(
          'info',
          `No complaint was filed between ${chosen.from} and ${chosen.to}: the funnel is empty for this period.`,
        )
      : undefined;

  const stagesCanvas = h('canvas', {
    id: 'funnel-stages',
    role: 'img',
    'aria-label': 'Funnel stages per group (counts); the table below has the numbers',
  });
  const rateCanvas = h('canvas', {
    id: 'funnel-repurchase',
    role: 'img',
    'aria-label': 'Repurchase rate per group beside the baseline; the table below has the numbers',
  });
  const rows = report.groups.map((group) => ({
    attributes: { dataset: { key: group.key } },
    cells: [
      group.key,
      ...STAGES.map(([stage]) => ({ text: formatCount(group[stage]), value: group[stage], class: 'num' })),
      ...STAGES.slice(1).map(([stage]) => ({
        text: formatRate(group.rates[stage]),
        value: group.rates[stage],
        class: 'num',
      })),
      {
        text: formatNumber(group.medianHoursToResolve),
        value: group.medianHoursToResolve ?? '',
        class: 'num',
      },
    ],
  }));
  const headers = [
    { text: 'Group', field: 'key' },
    ...STAGES.map(([stage, text]) => ({ text, field: stage, class: 'num' })),
    ...STAGES.slice(1).map(([stage, text]) => ({
      text: `${text} rate`,
      field: `rates.${stage}`,
      class: 'num',
    })),
    { text: 'Median hours to resolve', field: 'medianHoursToResolve', class: 'num' },
  ];
  results.replaceChildren(
    ...(empty ? [empty] : []),
    h(
      'div',
      { class: 'charts' },
      h('figure', { class: 'chart' }, stagesCanvas),
      h('figure', { class: 'chart' }, rateCanvas),
    ),
    baselineBox,
    table(
      `Funnel ${report.from} to ${report.to}, repurchase window ${report.repurchaseWindowDays} days`,
      headers,
      rows,
      { id: 'funnel-table' },
    ),
    csv,
  );
  drawChart(stagesCanvas, {
    type: 'bar',
    data: {
      labels: STAGES.map(([, text]) => text),
      datasets: report.groups.map((group, index) => ({
        label: group.key,
        data: STAGES.map(([stage]) => group[stage]),
        backgroundColor: PALETTE[index % PALETTE.length],
      })),
    },
    options: { plugins: { title: { display: true, text: 'Stages (complaints)' } } },
  });
  drawChart(rateCanvas, {
    type: 'bar',
    data: {
      labels: [...report.groups.map((group) => group.key), 'baseline'],
      datasets: [
        {
          label: 'Repurchase rate',
          data: [...report.groups.map((group) => group.rates.repurchased), baseline.rate],
          backgroundColor: [...report.groups.map(() => PALETTE[0]), PALETTE[7]],
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        title: { display: true, text: 'Repurchase rate, baseline beside' },
      },
      scales: { y: { min: 0, max: 1, ticks: { callback: (value) => formatRate(value) } } },
    },
  });
}
