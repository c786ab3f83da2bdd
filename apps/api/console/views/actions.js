// 5. Corrective actions: the open, overdue and completed ones, and each one's measured effect
// (complaints of its target before and after completion, per 30 days), as a table and bars.
import { api, query } from '../api.js';
import { drawChart, PALETTE } from '../charts.js';
import { h, notice, table } from '../dom.js';
import { formatCount, formatNumber, formatTime } from '../format.js';

export const live = true;
const STATUSES = ['', 'open', 'overdue', 'completed'];
const target = (action) => `${action.target.by}: ${action.target.value}`;

function actionsTable(items) {
  return table(
    'Corrective actions, by due time',
    [
      { text: 'Action', field: 'actionId' },
      { text: 'Target', field: 'target' },
      { text: 'Description', field: 'description' },
      { text: 'Owner', field: 'owner' },
      { text: 'Due', field: 'dueAt' },
      { text: 'Status', field: 'status' },
      { text: 'Completed', field: 'completedAt' },
    ],
    items.map((item) => {
      const status = item.overdue ? 'overdue' : item.status;
      return {
        attributes: { dataset: { action: item.actionId }, class: item.overdue ? 'overdue' : undefined },
        cells: [
          { text: item.actionId, value: item.actionId },
          { text: target(item), value: target(item) },
          item.description,
          { text: item.owner, value: item.owner },
          { text: formatTime(item.dueAt), value: item.dueAt },
          { node: h('span', { class: `status status-${status}` }, status), value: status },
          { text: formatTime(item.completedAt), value: item.completedAt ?? '' },
        ],
      };
    }),
    { id: 'actions-table' },
  );
}

function effectsTable(answer) {
  const number = (value, format = formatNumber) => ({
    text: format(value),
    value: value ?? '',
    class: 'num',
  });
  return table(
    `Complaints of each target in the ${answer.windowDays} days before completion and since (at most as long), as of ${formatTime(answer.asOf)}`,
    [
      { text: 'Action', field: 'actionId' },
      { text: 'Target', field: 'target' },
      { text: 'Completed', field: 'completedAt' },
      { text: 'Before', field: 'before.complaints', class: 'num' },
      { text: 'Before, per 30 days', field: 'before.perThirtyDays', class: 'num' },
      { text: 'After', field: 'after.complaints', class: 'num' },
      { text: 'After, per 30 days', field: 'after.perThirtyDays', class: 'num' },
      { text: 'After, days', field: 'after.days', class: 'num' },
      { text: 'Change per 30 days', field: 'change', class: 'num' },
    ],
    answer.actions.map((action) => ({
      attributes: { dataset: { action: action.actionId } },
      cells: [
        { text: action.actionId, value: action.actionId },
        { text: target(action), value: target(action) },
        { text: formatTime(action.completedAt), value: action.completedAt ?? '' },
        number(action.before.complaints, formatCount),
        number(action.before.perThirtyDays),
        number(action.after?.complaints ?? null),
        number(action.after?.perThirtyDays ?? null),
        number(action.after?.days ?? null),
        number(action.change),
      ],
    })),
    { id: 'effects-table' },
  );
}

export async function render(container, { params, setParams, isCurrent, explain }) {
  const chosen = {
    status: params.get('status') ?? '',
    asOf: params.get('asOf') ?? '',
    windowDays: params.get('windowDays') ?? '90',
  };
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Corrective actions query' },
    h(
      'label',
      {},
      'Status',
      h(
        'select',
        { name: 'status' },
        STATUSES.map((value) => h('option', { value, selected: value === chosen.status }, value || 'all')),
      ),
    ),
    h(
      'label',
      {},
      'Effect as of (UTC, empty for now)',
      h('input', { type: 'datetime-local', name: 'asOf', value: chosen.asOf, step: 1 }),
    ),
    h(
      'label',
      {},
      'Window (days)',
      h('input', { type: 'number', name: 'windowDays', min: 1, max: 366, value: chosen.windowDays }),
    ),
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({ status: data.get('status'), asOf: data.get('asOf'), windowDays: data.get('windowDays') });
  });
  const list = h(
    'section',
    { id: 'actions', 'aria-labelledby': 'actions-title' },
    h('h3', { id: 'actions-title' }, 'Actions'),
    h('p', {}, 'Loading…'),
  );
  const effects = h(
    'section',
    { id: 'effects', 'aria-labelledby': 'effects-title' },
    h('h3', { id: 'effects-title' }, 'Did they work? Before and after'),
    h('p', {}, 'Loading…'),
  );
  container.replaceChildren(h('h2', {}, 'Corrective actions'), form, list, effects);

  const showList = api(`/corrective-actions${query({ status: chosen.status })}`).then(
    (answer) => {
      if (!isCurrent()) return;
      const title = list.firstChild;
      if (answer.items.length === 0) {
        list.replaceChildren(
          title,
          notice('info', `No corrective action is ${chosen.status || 'recorded'}.`),
        );
        return;
      }
      list.replaceChildren(title, actionsTable(answer.items));
    },
    (error) =>
      isCurrent() &&
      list.replaceChildren(list.firstChild, explain(error, 'the corrective actions', 'agent or analyst')),
  );
  const asOf = chosen.asOf ? `${chosen.asOf.length === 16 ? `${chosen.asOf}:00` : chosen.asOf}Z` : undefined;
  const showEffects = api(
    `/analytics/corrective-actions${query({ asOf, windowDays: chosen.windowDays })}`,
  ).then(
    (answer) => {
      if (!isCurrent()) return;
      const title = effects.firstChild;
      if (answer.actions.length === 0) {
        effects.replaceChildren(title, notice('info', 'No corrective action was opened by then.'));
        return;
      }
      const canvas = h('canvas', {
        id: 'effects-chart',
        role: 'img',
        'aria-label':
          'Complaints per 30 days of each action’s target, before and after completion; the table has the numbers',
      });
      effects.replaceChildren(title, h('figure', { class: 'chart tall' }, canvas), effectsTable(answer));
      drawChart(canvas, {
        type: 'bar',
        data: {
          labels: answer.actions.map((action) => `${action.actionId} (${target(action)})`),
          datasets: [
            {
              label: 'Before completion',
              data: answer.actions.map((action) => action.before.perThirtyDays),
              backgroundColor: '#9aa0a6',
            },
            {
              label: 'After completion',
              data: answer.actions.map((action) => action.after?.perThirtyDays ?? null),
              backgroundColor: PALETTE[0],
            },
          ],
        },
        options: {
          indexAxis: 'y',
          plugins: { title: { display: true, text: 'Complaints per 30 days' } },
          scales: { x: { beginAtZero: true } },
        },
      });
    },
    (error) =>
      isCurrent() &&
      effects.replaceChildren(
        effects.firstChild,
        explain(error, 'the effect of corrective actions', 'analyst'),
      ),
  );
  await Promise.all([showList, showEffects]);
}
