// 3. A complaint's history for auditors: every event in order (business time, recorded time,
// actor and how they signed in), the state as of any event (slider or click), the chain's verification with the
// broken revision highlighted.
import { api } from '../api.js';
import { h, notice, table } from '../dom.js';
import { actorName, actorSignIn, formatTime } from '../format.js';

export const live = false;

export async function render(container, { params, setParams, isCurrent, explain }) {
  const id = params.get('id') ?? '';
  const revisionParam = params.get('revision');
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Complaint' },
    h(
      'label',
      {},
      'Complaint id',
      h('input', { name: 'id', value: id, required: true, pattern: '[A-Za-z0-9_.\\-]{1,64}' }),
    ),
    h('button', { type: 'submit' }, 'Show history'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setParams({ id: new FormData(form).get('id') });
  });
  container.replaceChildren(h('h2', {}, 'Complaint history'), form);
  if (!id) {
    container.append(
      notice(
        'info',
        'Enter a complaint id to see its events, its state at any of them and its verification.',
      ),
    );
    return;
  }
  const results = h('div', { id: 'complaint-results' }, h('p', {}, 'Loading the history…'));
  container.append(results);

  let history;
  try {
    history = await api(`/complaints/${encodeURIComponent(id)}/history`);
  } catch (error) {
    if (isCurrent()) results.replaceChildren(explain(error, `the history of complaint ${id}`, 'auditor'));
    return;
  }
  if (!isCurrent()) return;
  const events = history.events;
  const last = events.length - 1;
  let revision = revisionParam === null ? last : Math.min(Math.max(Number(revisionParam) || 0, 0), last);

  const verification = h(
    'div',
    { id: 'verification', 'aria-live': 'polite' },
    h('p', {}, 'Verifying the chain…'),
  );
  const slider = h('input', {
    type: 'range',
    id: 'revision-slider',
    min: 0,
    max: last,
    step: 1,
    value: revision,
    'aria-valuetext': `revision ${revision}`,
  });
  const sliderLabel = h('label', { for: 'revision-slider' }, `State as of revision ${revision}`);
  const state = h('div', { id: 'complaint-state', 'aria-live': 'polite' });
  const rows = events.map((event) => ({
    attributes: { dataset: { revision: event.revision } },
    cells: [
      { text: String(event.revision), value: event.revision, class: 'num' },
      { text: event.type, value: event.type },
      {
        node: h('time', { datetime: event.occurredAt ?? '' }, formatTime(event.occurredAt)),
        value: event.occurredAt ?? '',
      },
      {
        node: h('time', { datetime: event.recordedAt }, formatTime(event.recordedAt)),
        value: event.recordedAt,
      },
      {
        // The name where the identity provider gave one; the id stays in the title.
        node: h(
          'span',
          { title: event.actor?.id },
          event.actor ? `${actorName(event.actor)} (${event.actor.role})` : '–',
        ),
        value: event.actor?.id ?? '',
      },
      { text: actorSignIn(event.actor), value: event.actor?.via ?? event.actor?.role ?? '' },
      { text: event.position, value: event.position, class: 'num' },
      {
        node: h(
          'button',
          { type: 'button', class: 'link', onclick: () => void select(event.revision) },
          `State at ${event.revision}`,
        ),
      },
    ],
  }));
  const eventsTable = table(
    `Events of ${history.streamId}, in revision order`,
    [
      { text: 'Revision', field: 'revision', class: 'num' },
      { text: 'Event', field: 'type' },
      { text: 'Business time', field: 'occurredAt' },
      { text: 'Recorded', field: 'recordedAt' },
      { text: 'Actor', field: 'actor' },
      { text: 'Signed in with', field: 'signedInWith' },
      { text: 'Position', field: 'position', class: 'num' },
      { text: 'State', field: 'state' },
    ],
    rows,
    { id: 'complaint-events' },
  );
  results.replaceChildren(
    verification,
    h('div', { class: 'scroll' }, eventsTable),
    h('div', { class: 'state-panel' }, sliderLabel, slider, state),
  );

  async function select(next) {
    revision = next;
    slider.value = String(next);
    slider.setAttribute('aria-valuetext', `revision ${next}`);
    sliderLabel.textContent = `State as of revision ${next} (${events[next].type})`;
    for (const row of eventsTable.querySelectorAll('tbody tr')) {
      row.classList.toggle('selected', Number(row.dataset.revision) === next);
    }
    try {
      const answer = await api(`/complaints/${encodeURIComponent(id)}/state?revision=${next}`);
      if (revision !== next) return;
      state.dataset.revision = String(next);
      state.replaceChildren(
        h(
          'dl',
          { class: 'state' },
          Object.entries(answer).flatMap(([key, value]) => [
            h('dt', {}, key),
            h(
              'dd',
              { dataset: { field: key } },
              typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
            ),
          ]),
        ),
      );
    } catch (error) {
      state.replaceChildren(explain(error, 'the state at a revision', 'auditor'));
    }
  }
  slider.addEventListener('input', () => void select(Number(slider.value)));

  const verify = api(`/complaints/${encodeURIComponent(id)}/verify`).then(
    (answer) => {
      if (answer.valid) {
        verification.replaceChildren(
          h(
            'p',
            { class: 'verify-ok', dataset: { valid: 'true' } },
            `Chain verified: all ${answer.events} events are intact.`,
          ),
        );
        return;
      }
      const broken = answer.firstInvalidRevision;
      verification.replaceChildren(
        h(
          'p',
          { class: 'verify-broken', dataset: { valid: 'false', firstInvalidRevision: broken } },
          `The chain is broken from revision ${broken}: that event or its order was changed after it was recorded.`,
        ),
      );
      const row = eventsTable.querySelector(`tbody tr[data-revision="${broken}"]`);
      if (row) {
        row.classList.add('broken');
        row.querySelector('td').prepend(h('span', { class: 'verify-broken' }, 'broken: '));
      }
    },
    (error) => verification.replaceChildren(explain(error, "the chain's verification", 'auditor')),
  );
  await Promise.all([select(revision), verify]);
}
