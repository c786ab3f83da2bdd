import {
  complaintDecider,
  evolveComplaint,
  initialComplaintState,
  type ComplaintCommand,
  type ComplaintState,
  type OccurredComplaintEvent,
} from '@cl/complaints';
import type { ActingActor, Instant } from '@cl/domain';
import { EXAMPLE_LEVELS } from '../service-levels/example-policy';
import { deciderSpec } from '../support/decider-spec';

/**
 * Conflict of interest (docs/domain.md, Rules of the complaint lifecycle): the agent a complaint
 * is about (its subjectAgentId) may not act on it, by any command but filing; the complaint
 * may not be assigned to them either. The service's own actors (role system) are never refused.
 * Under the example policy, so that acknowledge, pause and extend have their targets.
 */
const LEVELS = EXAMPLE_LEVELS;
const decider = complaintDecider(LEVELS);
const spec = deciderSpec(decider);

const SUBJECT: ActingActor = { id: 'agent-9', role: 'agent' };
const OTHER_AGENT: ActingActor = { id: 'agent-1', role: 'agent' };
/** The subject's id does not make a system actor the subject. */
const SYSTEM: ActingActor = { id: 'agent-9', role: 'system' };

const FILED_AT = '2026-09-25T08:00:00.000Z'; // Friday 16:00 in Shanghai
const LATER = '2026-09-25T09:00:00.000Z';
const file: ComplaintCommand = {
  type: 'file',
  complaintId: 'COI-1',
  customerId: 'CU-1',
  channel: 'web',
  category: 'cards',
  severity: 'high', // its resolve target is pausable
  description: 'The agent was rude',
  subjectAgentId: 'agent-9',
};

/** What `steps` record, each decided by another agent at its time, folded in order. */
function history(...steps: [ComplaintCommand, Instant][]): OccurredComplaintEvent[] {
  let state: ComplaintState = initialComplaintState;
  const recorded: OccurredComplaintEvent[] = [];
  for (const [command, occurredAt] of steps) {
    for (const event of decider.decide({ ...command, occurredAt, actor: OTHER_AGENT }, state)) {
      const occurred = { ...event, occurredAt } as OccurredComplaintEvent;
      recorded.push(occurred);
      state = evolveComplaint(state, occurred);
    }
  }
  return recorded;
}

const open = history([file, FILED_AT]);
const { resolutionDueAt } = open[0].data as { resolutionDueAt: Instant };
const resolve: ComplaintCommand = {
  type: 'resolve',
  resolutionType: 'apology',
  summary: 'Apologised',
  resolvedBy: 'agent-1',
};
const resolved = history([file, FILED_AT], [resolve, LATER]);
const paused = history([file, FILED_AT], [{ type: 'pause', reason: 'awaiting_customer' }, LATER]);
const callbackDueAt = (resolved[1].data as { callbackDueAt: Instant }).callbackDueAt;

/** Each kind of command but filing, in a history where it records something. */
const cases: [string, OccurredComplaintEvent[], ComplaintCommand, Instant][] = [
  ['assign', open, { type: 'assign', agentId: 'agent-2' }, LATER],
  ['escalate', open, { type: 'escalate', note: 'urgent' }, LATER],
  ['resolve', open, resolve, LATER],
  ['reopen', resolved, { type: 'reopen', reason: 'again' }, LATER],
  ['recordCallback', resolved, { type: 'recordCallback', reached: true, attitude: 'satisfied' }, LATER],
  [
    'recordSatisfaction',
    resolved,
    { type: 'recordSatisfaction', respondent: { contactId: 'P-1', role: 'primary' }, score: 5 },
    LATER,
  ],
  ['close', open, { type: 'close', reason: 'withdrawn' }, LATER],
  ['acknowledge', open, { type: 'acknowledge', channel: 'email' }, LATER],
  ['pause', open, { type: 'pause', reason: 'awaiting_third_party' }, LATER],
  ['resume', paused, { type: 'resume' }, LATER],
  ['extend', open, { type: 'extend', reason: 'complex' }, LATER],
  ['recordRootCause', open, { type: 'recordRootCause', cause: 'rude_agent' }, LATER],
  [
    'escalateForBreach',
    open,
    { type: 'escalateForBreach', target: 'resolve', dueAt: resolutionDueAt },
    resolutionDueAt,
  ],
  [
    'recordCallbackMissed',
    resolved,
    { type: 'recordCallbackMissed', resolvedAt: LATER, dueAt: callbackDueAt },
    callbackDueAt,
  ],
];

describe('conflict of interest: the agent a complaint is about may not act on it', () => {
  it.each(cases)(
    '%s by the subject agent: 409 conflict_of_interest, nothing recorded',
    (_, events, command, at) => {
      const status = events.some((event) => event.type === 'ComplaintResolved') ? 'resolved' : 'open';
      const refusal = spec
        .given(...events)
        .when({ ...command, occurredAt: at, actor: SUBJECT })
        .thenRefused('conflict', { status, reason: 'conflict_of_interest' });
      expect(refusal.message).toContain('agent-9');
    },
  );

  it.each(cases)('%s by another agent or a system actor: recorded as before', (_, events, command, at) => {
    const byOther = spec
      .given(...events)
      .when({ ...command, occurredAt: at, actor: OTHER_AGENT })
      .decided();
    expect(byOther.length).toBeGreaterThan(0);
    spec
      .given(...events)
      .when({ ...command, occurredAt: at, actor: SYSTEM })
      .then(byOther);
  });

  it('any role but system is refused: an admin whose id is the subject too', () => {
    spec
      .given(...open)
      .when({ type: 'close', occurredAt: LATER, actor: { id: 'agent-9', role: 'admin' } })
      .thenRefused('conflict', { status: 'open', reason: 'conflict_of_interest' });
  });

  it('before the other refusals but 404: an out-of-order or disallowed command of the subject is 409 conflict_of_interest', () => {
    spec
      .given(...resolved)
      .when({ type: 'close', occurredAt: FILED_AT, actor: SUBJECT })
      .thenRefused('conflict', { status: 'resolved', reason: 'conflict_of_interest' });
    spec
      .given(...resolved)
      .when({ ...resolve, occurredAt: LATER, actor: SUBJECT })
      .thenRefused('conflict', { status: 'resolved', reason: 'conflict_of_interest' });
    spec.given().when({ type: 'close', occurredAt: LATER, actor: SUBJECT }).thenRefused('not_found');
  });

  it('filing is allowed, also by the subject (anyone may record a complaint about anyone); the actor is not recorded in the data', () => {
    const [recorded] = spec
      .given()
      .when({ ...file, occurredAt: FILED_AT, actor: SUBJECT })
      .decided();
    expect(recorded).toEqual({ type: open[0].type, data: open[0].data });
    expect(recorded.data).not.toHaveProperty('actor');
  });

  it('assigning the complaint to its subject is still refused, whoever asks', () => {
    for (const actor of [OTHER_AGENT, SYSTEM, { id: 'admin-1', role: 'admin' }]) {
      spec
        .given(...open)
        .when({ type: 'assign', agentId: 'agent-9', occurredAt: LATER, actor })
        .thenRefused('conflict', { status: 'open', reason: 'conflict_of_interest' });
    }
  });

  it('a complaint without subjectAgentId refuses nobody', () => {
    const { subjectAgentId: _subject, ...withoutSubject } = file as Extract<
      ComplaintCommand,
      { type: 'file' }
    >;
    const events = history([withoutSubject, FILED_AT]);
    expect(
      spec
        .given(...events)
        .when({ type: 'close', occurredAt: LATER, actor: SUBJECT })
        .decided(),
    ).toEqual([{ type: 'ComplaintClosed', data: {} }]);
  });
});
