// 4. Problems and branch rankings as sorted bar charts, the previous period beside.
import { api, query } from '../api.js';
import { drawChart, PALETTE } from '../charts.js';
import { h, notice, periodFields, table } from '../dom.js';
import { day, formatCount, formatNumber, formatRate, startOfDay } from '../format.js';

export const live = true;
// agent: the actor of each complaint's first resolution; cause: its latest root cause.
const DIMENSIONS = ['category', 'product', 'branch', 'agent', 'cause'];

function rowsTable(caption, rows, id) {
  const measures = [
    ['count', 'Complaints', formatCount],
    ['breachRate', 'Breach rate', formatRate],
    ['reopenRate', 'Reopen rate', formatRate],
    ['avgSatisfaction', 'Average satisfaction', formatNumber],
  ];
  return table(
    caption,
    [
      { text: 'Key', field: 'key' },
      ...measures.flatMap(([field, text]) => [
        { text, field, class: 'num' },
        { text: `${text} (previous)`, field: `previous.${field}`, class: 'num' },
      ]),
    ],
    rows.map((row) => ({
      attributes: { dataset: { key: row.key } },
      cells: [
        row.key,
        ...measures.flatMap(([field, , format]) => [
          { text: format(row[field]), value: row[field] ?? '', class: 'num' },
          { text: format(row.previous[field]), value: row.previous[field] ?? '', class: 'num' },
        ]),
      ],
    })),
    { id },
  );
}

function barChart(canvas, rows, field, title, format) {
  drawChart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((row) => row.key),
      datasets: [
        { label: 'This period', data: rows.map((row) => row[field]), backgroundColor: PALETTE[0] },
        {
          label: 'Previous period',
          data: rows.map((row) => row.previous[field]),
          backgroundColor: '#9aa0a6',
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { title: { display: true, text: title } },
      scales: { x: { beginAtZero: true, ticks: { callback: (value) => format(value) } } },
    },
  });
}

export async function render(container, { params, setParams, isCurrent, explain }) {
  const today = new Date();
  const chosen = {
    from: params.get('from') ?? day(new Date(today.getTime() - 30 * 86400000)),
    to: params.get('to') ?? day(new Date(today.getTime() + 86400000)),
    by: params.get('by') ?? 'category',
  };
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Rankings query' },
    ...periodFields(chosen),
    h(
      'label',
      {},
      'Problems by',
      h(
        'select',
        { name: 'by' },
        DIMENSIONS.map((value) => h('option', { value, selected: value === chosen.by }, value)),
      ),
    ),
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({ from: data.get('from'), to: data.get('to'), by: data.get('by') });
  });
  const problems = h(
    'section',
    { id: 'problems', 'aria-labelledby': 'problems-title' },
    h('h3', { id: 'problems-title' }, `Problems by ${chosen.by}`),
    h('p', {}, 'Loading…'),
  );
  const branches = h(
    'section',
    { id: 'branches', 'aria-labelledby': 'branches-title' },
    h('h3', { id: 'branches-title' }, 'Branch rankings'),
    h('p', {}, 'Loading…'),
  );
  container.replaceChildren(h('h2', {}, 'Problems and branches'), form, problems, branches);
  const period = query({ from: startOfDay(chosen.from), to: startOfDay(chosen.to) });

  const showProblems = api(`/analytics/problems${period}&by=${chosen.by}`).then(
    (answer) => {
      if (!isCurrent()) return;
      const title = problems.firstChild;
      if (answer.rows.length === 0) {
        problems.replaceChildren(
          title,
          notice('info', `No complaint was filed between ${chosen.from} and ${chosen.to}.`),
        );
        return;
      }
      const rows = [...answer.rows].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
      const canvas = h('canvas', {
        id: 'problems-chart',
        role: 'img',
        'aria-label': `Complaints by ${chosen.by}, this period and the previous; the table has the numbers`,
      });
      problems.replaceChildren(
        title,
        h('figure', { class: 'chart tall' }, canvas),
        rowsTable(`Problems by ${chosen.by}, most complaints first`, rows, 'problems-table'),
      );
      barChart(canvas, rows, 'count', 'Complaints (sorted)', formatCount);
    },
    (error) =>
      isCurrent() &&
      problems.replaceChildren(problems.firstChild, explain(error, 'the problems ranking', 'analyst')),
  );
  const showBranches = api(`/analytics/branches${period}`).then(
    (answer) => {
      if (!isCurrent()) return;
      const title = branches.firstChild;
      if (answer.bySatisfaction.length === 0 && answer.byBreachRate.length === 0) {
        branches.replaceChildren(
          title,
          notice('info', `No branch had a complaint between ${chosen.from} and ${chosen.to}.`),
        );
        return;
      }
      const satisfaction = h('canvas', {
        id: 'branches-satisfaction',
        role: 'img',
        'aria-label':
          'Branches by average satisfaction, the previous period beside; the tables have the numbers',
      });
      const breach = h('canvas', {
        id: 'branches-breach',
        role: 'img',
        'aria-label': 'Branches by breach rate, the previous period beside; the tables have the numbers',
      });
      branches.replaceChildren(
        title,
        h(
          'div',
          { class: 'charts' },
          h('figure', { class: 'chart tall' }, satisfaction),
          h('figure', { class: 'chart tall' }, breach),
        ),
        rowsTable(
          "Branches by satisfaction, in the API's order",
          answer.bySatisfaction,
          'branches-satisfaction-table',
        ),
        rowsTable(
          "Branches by breach rate, in the API's order",
          answer.byBreachRate,
          'branches-breach-table',
        ),
      );
      barChart(
        satisfaction,
        answer.bySatisfaction,
        'avgSatisfaction',
        'Average satisfaction (ranked)',
        formatNumber,
      );
      barChart(breach, answer.byBreachRate, 'breachRate', 'Breach rate (ranked)', formatRate);
    },
    (error) =>
      isCurrent() &&
      branches.replaceChildren(branches.firstChild, explain(error, 'the branch rankings', 'analyst')),
  );
  await Promise.all([showProblems, showBranches]);
}
