// 2. Early warning: the ranked list (level colours, value, reasons); a customer's timeline of
// complaints, surveys, call-backs and purchases, and their risk at a chosen date.
import { api, ApiError, query } from '../api.js';
import { drawChart, PALETTE } from '../charts.js';
import { h, notice, table } from '../dom.js';
import { actorName, actorSignIn, formatCount, formatNumber, formatTime } from '../format.js';

export const live = true;
const LEVELS = ['none', 'watch', 'warning', 'critical'];

function levelBadge(level) {
  return h('span', { class: `level level-${level}`, dataset: { level } }, level);
}

function reasonsList(reasons) {
  if (reasons.length === 0) return h('span', {}, 'no reason');
  return h(
    'ul',
    { class: 'reasons' },
    reasons.map((reason) =>
      h('li', { dataset: { code: reason.code } }, `${reason.code} (+${reason.points}): ${reason.detail}`),
    ),
  );
}

export async function render(container, { params, setParams, isCurrent, explain }) {
  const chosen = {
    asOf: params.get('asOf') ?? '',
    minLevel: params.get('minLevel') ?? 'watch',
    limit: params.get('limit') ?? '100',
    customer: params.get('customer') ?? '',
  };
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Early-warning query' },
    h(
      'label',
      {},
      'As of (UTC, empty for now)',
      h('input', { type: 'datetime-local', name: 'asOf', value: chosen.asOf, step: 1 }),
    ),
    h(
      'label',
      {},
      'Lowest level',
      h(
        'select',
        { name: 'minLevel' },
        LEVELS.map((level) => h('option', { value: level, selected: level === chosen.minLevel }, level)),
      ),
    ),
    h(
      'label',
      {},
      'How many',
      h('input', { type: 'number', name: 'limit', min: 1, max: 1000, value: chosen.limit }),
    ),
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({ asOf: data.get('asOf'), minLevel: data.get('minLevel'), limit: data.get('limit') });
  });
  const list = h('div', { id: 'warning-list' }, h('p', {}, 'Loading the list…'));
  const detail = h('div', { id: 'customer-detail', 'aria-live': 'polite' });
  container.replaceChildren(h('h2', {}, 'Early warning'), form, h('div', { class: 'split' }, list, detail));

  const asOf = chosen.asOf ? `${chosen.asOf.length === 16 ? `${chosen.asOf}:00` : chosen.asOf}Z` : undefined;
  let answer;
  try {
    answer = await api(
      `/analytics/early-warning${query({ asOf, minLevel: chosen.minLevel, limit: chosen.limit })}`,
    );
  } catch (error) {
    if (isCurrent()) list.replaceChildren(explain(error, 'the early-warning list', 'analyst'));
    return;
  }
  if (!isCurrent()) return;
  const open = (customerId) => setParams({ ...chosen, customer: customerId });
  if (answer.customers.length === 0) {
    list.replaceChildren(
      notice('info', `No customer is at level ${chosen.minLevel} or above as of ${formatTime(answer.asOf)}.`),
    );
  } else {
    list.replaceChildren(
      table(
        `Customers at risk as of ${formatTime(answer.asOf)}, highest first`,
        [
          { text: 'Rank', field: 'rank', class: 'num' },
          { text: 'Customer', field: 'customerId' },
          { text: 'Level', field: 'level' },
          { text: 'Score', field: 'score', class: 'num' },
          { text: 'Value (365 days)', field: 'value', class: 'num' },
          { text: 'Reasons', field: 'reasons' },
        ],
        answer.customers.map((customer, index) => ({
          attributes: {
            dataset: { customer: customer.customerId },
            class: customer.customerId === chosen.customer ? 'selected' : undefined,
          },
          cells: [
            { text: String(index + 1), value: index + 1, class: 'num' },
            {
              node: h(
                'button',
                { type: 'button', class: 'link', onclick: () => open(customer.customerId) },
                customer.customerId,
              ),
              value: customer.customerId,
            },
            { node: levelBadge(customer.level), value: customer.level },
            { text: formatCount(customer.score), value: customer.score, class: 'num' },
            { text: formatNumber(customer.value), value: customer.value, class: 'num' },
            {
              node: reasonsList(customer.reasons),
              value: customer.reasons.map((reason) => reason.code).join(','),
            },
          ],
        })),
        { id: 'warning-table' },
      ),
    );
  }
  if (chosen.customer) await renderCustomer(detail, chosen.customer, asOf, { isCurrent, explain });
}

/** One customer's timeline and risk at a chosen date. */
async function renderCustomer(detail, customerId, asOf, { isCurrent, explain }) {
  detail.replaceChildren(
    h('h3', { tabindex: -1, id: 'customer-title' }, `Customer ${customerId}`),
    h('p', {}, 'Loading the timeline…'),
  );
  let history;
  try {
    history = await api(`/customers/${encodeURIComponent(customerId)}/history`);
  } catch (error) {
    if (isCurrent())
      detail.replaceChildren(
        h('h3', {}, `Customer ${customerId}`),
        explain(error, "this customer's history", 'agent, analyst or auditor'),
      );
    return;
  }
  const moments = [];
  for (const event of history.events) {
    if (event.type === 'PurchaseRecorded') {
      moments.push({
        at: event.occurredAt,
        kind: 'purchase',
        text: `Purchase ${event.data.orderId}: ${event.data.amount} ${event.data.currency}${byActor(event)}`,
      });
    } else if (event.type === 'CustomerProfileUpdated') {
      moments.push({
        at: event.occurredAt,
        kind: 'profile',
        text: `Profile updated${event.data.valueTier ? `: tier ${event.data.valueTier}` : ''}${event.data.segment ? `, segment ${event.data.segment}` : ''}${byActor(event)}`,
      });
    }
  }
  const partial = [];
  await Promise.all(
    history.complaints.map(async (complaintId) => {
      try {
        for (const event of (await api(`/complaints/${encodeURIComponent(complaintId)}/history`)).events) {
          const moment = complaintMoment(complaintId, event);
          if (moment) moments.push({ ...moment, text: `${moment.text}${byActor(event)}` });
        }
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 403)) throw error;
        // Analysts may not read a complaint's audit trail: its current view gives the main times.
        const view = await api(`/complaints/${encodeURIComponent(complaintId)}`);
        moments.push({
          at: view.filedAt,
          kind: 'complaint',
          text: `Complaint ${complaintId} filed (${view.category}, ${view.severity})`,
        });
        if (view.resolvedAt)
          moments.push({
            at: view.resolvedAt,
            kind: 'resolution',
            text: `Complaint ${complaintId} resolved`,
          });
        for (const survey of view.satisfaction)
          moments.push({
            at: survey.occurredAt,
            kind: 'survey',
            text: `Survey on ${complaintId}: ${survey.score}/5 (${survey.respondent.role})`,
          });
        if (view.callback?.reached !== undefined) {
          moments.push({
            at: view.callback.dueAt ?? view.resolvedAt,
            kind: 'callback',
            text: `Call-back on ${complaintId}: ${view.callback.reached ? `reached, ${view.callback.attitude}` : 'not reached'} (shown at its due time)`,
          });
          partial.push(complaintId);
        }
      }
    }),
  ).catch((error) =>
    moments.push({ at: null, kind: 'error', text: `Part of the timeline is missing: ${error.message}` }),
  );
  if (!isCurrent()) return;
  moments.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));

  const kinds = ['complaint', 'resolution', 'callback', 'survey', 'purchase', 'profile'];
  const canvas = h('canvas', {
    id: 'customer-timeline',
    role: 'img',
    'aria-label': `Timeline of customer ${customerId}; the list below has every entry`,
  });
  const riskForm = h(
    'form',
    { class: 'query', 'aria-label': 'Risk at a date' },
    h(
      'label',
      {},
      'Risk as of (UTC)',
      h('input', {
        type: 'datetime-local',
        name: 'riskAsOf',
        step: 1,
        value: (asOf ?? new Date().toISOString()).slice(0, 19),
      }),
    ),
    h('button', { type: 'submit' }, 'Show risk'),
  );
  const risk = h('div', { id: 'customer-risk', 'aria-live': 'polite' });
  const showRisk = async (at) => {
    try {
      const answer = await api(`/customers/${encodeURIComponent(customerId)}/risk${query({ asOf: at })}`);
      risk.replaceChildren(
        h(
          'p',
          {},
          `As of ${formatTime(answer.asOf)}: `,
          levelBadge(answer.level),
          ' score ',
          h('strong', { dataset: { field: 'score', value: answer.score } }, String(answer.score)),
          `, value ${formatNumber(answer.value)}`,
        ),
        reasonsList(answer.reasons),
      );
    } catch (error) {
      risk.replaceChildren(explain(error, "this customer's risk", 'agent or analyst'));
    }
  };
  riskForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = new FormData(riskForm).get('riskAsOf');
    void showRisk(value ? `${value.length === 16 ? `${value}:00` : value}Z` : undefined);
  });
  detail.replaceChildren(
    h('h3', { tabindex: -1, id: 'customer-title' }, `Customer ${customerId}`),
    h('p', {}, `${history.complaints.length} complaint(s), ${history.events.length} event(s) of their own.`),
    h('figure', { class: 'chart' }, canvas),
    partial.length > 0
      ? notice(
          'info',
          'Your role sees complaints as they stand, not their audit trail: call-backs are placed at their due time.',
        )
      : '',
    h(
      'ol',
      { id: 'timeline', 'aria-label': 'Timeline' },
      moments.map((moment) =>
        h(
          'li',
          { dataset: { kind: moment.kind } },
          h('time', { datetime: moment.at ?? '' }, formatTime(moment.at)),
          ' — ',
          moment.text,
        ),
      ),
    ),
    riskForm,
    risk,
  );
  detail.querySelector('#customer-title').focus();
  drawChart(canvas, {
    type: 'scatter',
    data: {
      datasets: kinds.map((kind, index) => ({
        label: kind,
        data: moments
          .filter((moment) => moment.kind === kind && moment.at)
          .map((moment) => ({ x: Date.parse(moment.at), y: index, text: moment.text })),
        backgroundColor: PALETTE[index],
        borderColor: PALETTE[index],
        pointRadius: 6,
        pointStyle: ['circle', 'rect', 'triangle', 'rectRot', 'star', 'cross'][index],
      })),
    },
    options: {
      scales: {
        x: {
          type: 'linear',
          ticks: { callback: (value) => new Date(value).toISOString().slice(0, 10), maxTicksLimit: 6 },
        },
        y: {
          min: -1,
          max: kinds.length,
          reverse: true,
          ticks: { stepSize: 1, autoSkip: false, callback: (value) => kinds[value] ?? '' },
        },
      },
      plugins: { tooltip: { callbacks: { label: (item) => item.raw.text } } },
    },
  });
  await showRisk(asOf);
}

/** Who recorded an event and how they signed in, for a timeline entry (none when unknown). */
function byActor(event) {
  return event.actor ? `, by ${actorName(event.actor)} (${actorSignIn(event.actor)})` : '';
}

function complaintMoment(complaintId, event) {
  const data = event.data;
  switch (event.type) {
    case 'ComplaintFiled':
      return {
        at: event.occurredAt,
        kind: 'complaint',
        text: `Complaint ${complaintId} filed (${data.category}, ${data.severity})`,
      };
    case 'ComplaintResolved':
      return {
        at: event.occurredAt,
        kind: 'resolution',
        text: `Complaint ${complaintId} resolved (${data.resolutionType})`,
      };
    case 'ComplaintReopened':
      return { at: event.occurredAt, kind: 'complaint', text: `Complaint ${complaintId} reopened` };
    case 'CallbackRecorded':
      return {
        at: event.occurredAt,
        kind: 'callback',
        text: `Call-back on ${complaintId}: ${data.reached ? `reached, ${data.attitude}` : 'not reached'}`,
      };
    case 'CallbackMissed':
      return { at: event.occurredAt, kind: 'callback', text: `Call-back on ${complaintId} missed` };
    case 'SatisfactionRecorded':
      return {
        at: event.occurredAt,
        kind: 'survey',
        text: `Survey on ${complaintId}: ${data.score}/5 (${data.respondent?.role ?? 'respondent'})`,
      };
    default:
      return undefined;
  }
}
