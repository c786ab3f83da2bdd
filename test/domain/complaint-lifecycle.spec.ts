import type { ActingActor } from '@cl/domain';
import { EXAMPLE_LEVELS } from '../service-levels/example-policy';
import { deciderSpec } from '../support/decider-spec';
import {
  complaintDecider,
  evolveComplaint,
  initialComplaintState,
  isSlaBreached,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  type FiledComplaint,
  type OccurredComplaintEvent,
  type ServiceLevels,
  type UserComplaintCommand,
} from '@cl/complaints';

const LEVELS: ServiceLevels = {
  slaHours: { critical: 4, high: 24, medium: 48, low: 72 },
  callbackDueHours: 24,
};
const T0 = '2026-03-01T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

const filed: OccurredComplaintEvent = {
  type: 'ComplaintFiled',
  occurredAt: T0,
  data: {
    complaintId: 'C-1',
    customerId: 'CU-1',
    channel: 'phone',
    category: 'billing',
    severity: 'high',
    description: 'Charged twice',
    branchId: 'BR-1',
    resolutionDueAt: at(24),
  },
};
const resolved = (hours: number): OccurredComplaintEvent => ({
  type: 'ComplaintResolved',
  occurredAt: at(hours),
  data: {
    resolutionType: 'refund',
    summary: 'Refunded',
    onTheSpot: false,
    resolvedBy: 'agent-1',
    callbackDueAt: at(hours + 24),
  },
});
const closed = (hours: number): OccurredComplaintEvent => ({
  type: 'ComplaintClosed',
  occurredAt: at(hours),
  data: {},
});

const fold = (events: OccurredComplaintEvent[]): ComplaintState =>
  events.reduce(evolveComplaint, initialComplaintState);
const filedState = (events: OccurredComplaintEvent[]) => fold(events) as FiledComplaint;

const spec = deciderSpec(complaintDecider(LEVELS));

/** Who acts: an agent for users' commands, the timers (role system) for theirs. */
const AGENT: ActingActor = { id: 'agent-1', role: 'agent' };
const TIMERS: ActingActor = { id: 'timers', role: 'system' };
const actorOf = (command: ComplaintCommand): ActingActor =>
  command.type === 'escalateForBreach' || command.type === 'recordCallbackMissed' ? TIMERS : AGENT;

/** Given these events, when this command happens at `occurredAt`, then these events (or a refusal). */
function given(...events: OccurredComplaintEvent[]) {
  return {
    when: (command: ComplaintCommand, occurredAt = at(30)) =>
      spec.given(...events).when({ ...command, occurredAt, actor: actorOf(command) }),
  };
}

const commands = {
  file: {
    type: 'file',
    complaintId: 'C-1',
    customerId: 'CU-1',
    channel: 'phone',
    category: 'billing',
    severity: 'high',
    description: 'Charged twice',
  },
  assign: { type: 'assign', agentId: 'agent-7' },
  escalate: { type: 'escalate' },
  resolve: { type: 'resolve', resolutionType: 'refund', summary: 'Refunded', resolvedBy: 'agent-1' },
  reopen: { type: 'reopen', reason: 'Charged again' },
  recordCallback: { type: 'recordCallback', reached: true, attitude: 'satisfied' },
  recordSatisfaction: {
    type: 'recordSatisfaction',
    respondent: { contactId: 'P-1', role: 'primary' },
    score: 4,
  },
  close: { type: 'close' },
  acknowledge: { type: 'acknowledge' },
  pause: { type: 'pause', reason: 'awaiting_customer' },
  resume: { type: 'resume' },
  extend: { type: 'extend', reason: 'complex' },
  recordRootCause: { type: 'recordRootCause', cause: 'courier_damage' },
} satisfies { [Type in UserComplaintCommand['type']]: Extract<ComplaintCommand, { type: Type }> };

describe('the rules table: which command is allowed in which status', () => {
  // Filed under a policy with every target, so that only the status decides.
  const levels: ServiceLevels = { ...LEVELS, policy: EXAMPLE_LEVELS.policy };
  const decider = complaintDecider(levels);
  const filedUnderPolicy = decider.decide(
    { ...commands.file, occurredAt: T0, actor: AGENT },
    initialComplaintState,
  )[0];
  const filedEvent = { ...filedUnderPolicy, occurredAt: T0 } as OccurredComplaintEvent;
  const histories: Record<string, OccurredComplaintEvent[]> = {
    'no stream': [],
    open: [filedEvent],
    resolved: [filedEvent, resolved(10)],
    closed: [filedEvent, closed(10)],
  };
  const allowed: Record<UserComplaintCommand['type'], string[]> = {
    file: ['no stream'],
    assign: ['open', 'resolved'],
    escalate: ['open', 'resolved'],
    resolve: ['open'],
    reopen: ['resolved'],
    recordCallback: ['resolved'],
    recordSatisfaction: ['resolved', 'closed'],
    close: ['open', 'resolved'],
    acknowledge: ['open'],
    pause: ['open'],
    // Only a paused complaint resumes: open and not paused is 409 with the status too.
    resume: [],
    extend: ['open'],
    recordRootCause: ['open', 'resolved', 'closed'],
  };
  const rows = Object.entries(allowed).flatMap(([command, statuses]) =>
    Object.keys(histories).map((status) => [command, status, statuses.includes(status)] as const),
  );

  const statusSpec = deciderSpec(decider);
  it.each(rows)('%s when %s: allowed = %s', (command, status, isAllowed) => {
    const when = statusSpec
      .given(...histories[status])
      .when({ ...commands[command as UserComplaintCommand['type']], occurredAt: at(30), actor: AGENT });
    if (isAllowed) expect(when.decided().length).toBeGreaterThan(0);
    else if (command !== 'file' && status === 'no stream') when.thenRefused('not_found');
    else when.thenRefused('conflict', { status });
  });
});

describe('what each command records', () => {
  it('file: ComplaintFiled with resolutionDueAt = occurredAt + the severity hours', () => {
    given()
      .when({ ...commands.file, severity: 'critical', branchId: 'BR-1', followUpOf: 'C-0' }, T0)
      .then([
        {
          type: 'ComplaintFiled',
          data: {
            complaintId: 'C-1',
            customerId: 'CU-1',
            channel: 'phone',
            category: 'billing',
            severity: 'critical',
            description: 'Charged twice',
            branchId: 'BR-1',
            followUpOf: 'C-0',
            resolutionDueAt: at(4),
            // Sunday 2026-03-01 09:00Z: Mon, Tue, Wed 17:00 UTC without a policy.
            thirdBusinessDayEndsAt: '2026-03-04T17:00:00.000Z',
          },
        },
      ]);
  });

  it('assign: ComplaintAssigned', () => {
    given(filed)
      .when(commands.assign)
      .then([{ type: 'ComplaintAssigned', data: { agentId: 'agent-7' } }]);
  });

  it('escalate: level = previous level + 1, the first being 1', () => {
    given(filed)
      .when({ type: 'escalate', note: 'VIP' })
      .then([{ type: 'ComplaintEscalated', data: { reason: 'manual', level: 1, note: 'VIP' } }]);
    given(filed, { type: 'ComplaintEscalated', occurredAt: at(1), data: { reason: 'manual', level: 1 } })
      .when(commands.escalate)
      .then([{ type: 'ComplaintEscalated', data: { reason: 'manual', level: 2 } }]);
  });

  it('resolve: callbackDueAt = occurredAt + 24 h, onTheSpot false by default, goodwill kept', () => {
    given(filed)
      .when({ ...commands.resolve, goodwill: { description: 'voucher', value: 10 } }, at(5))
      .then([
        {
          type: 'ComplaintResolved',
          data: {
            resolutionType: 'refund',
            summary: 'Refunded',
            goodwill: { description: 'voucher', value: 10 },
            onTheSpot: false,
            resolvedBy: 'agent-1',
            callbackDueAt: at(29),
          },
        },
      ]);
  });

  it('reopen: a new resolutionDueAt from the reopen time', () => {
    given(filed, resolved(10))
      .when(commands.reopen, at(50))
      .then([{ type: 'ComplaintReopened', data: { reason: 'Charged again', resolutionDueAt: at(74) } }]);
  });

  it('record call-back: a dissatisfied one also escalates (negative_callback)', () => {
    given(filed, resolved(10))
      .when({ type: 'recordCallback', reached: true, attitude: 'dissatisfied', notes: 'angry' })
      .then([
        { type: 'CallbackRecorded', data: { reached: true, attitude: 'dissatisfied', notes: 'angry' } },
        { type: 'ComplaintEscalated', data: { reason: 'negative_callback', level: 1 } },
      ]);
    given(filed, resolved(10))
      .when({ type: 'recordCallback', reached: false })
      .then([{ type: 'CallbackRecorded', data: { reached: false } }]);
  });

  it('record satisfaction: snapshots agent and branch; a score <= 2 escalates, whatever the status', () => {
    const assigned: OccurredComplaintEvent = {
      type: 'ComplaintAssigned',
      occurredAt: at(1),
      data: { agentId: 'agent-7' },
    };
    given(filed, assigned, resolved(10), closed(11))
      .when({ ...commands.recordSatisfaction, score: 2, comment: 'slow' })
      .then([
        {
          type: 'SatisfactionRecorded',
          data: {
            respondent: { contactId: 'P-1', role: 'primary' },
            score: 2,
            comment: 'slow',
            responsibleAgentId: 'agent-7',
            branchId: 'BR-1',
          },
        },
        { type: 'ComplaintEscalated', data: { reason: 'low_satisfaction', level: 1 } },
      ]);
    given(filed, resolved(10))
      .when({ ...commands.recordSatisfaction, score: 3 })
      .then([
        {
          type: 'SatisfactionRecorded',
          data: { respondent: { contactId: 'P-1', role: 'primary' }, score: 3, branchId: 'BR-1' },
        },
      ]);
  });

  it('close: ComplaintClosed with the reason when given', () => {
    given(filed)
      .when({ type: 'close', reason: 'withdrawn' })
      .then([{ type: 'ComplaintClosed', data: { reason: 'withdrawn' } }]);
  });
});

describe('business time', () => {
  it('refuses a command that occurred before the stream last event, accepts an equal time', () => {
    given(filed, resolved(10)).when(commands.close, at(9)).thenRefused('out_of_order');
    given(filed, resolved(10))
      .when(commands.close, at(10))
      .then([{ type: 'ComplaintClosed', data: {} }]);
  });
});

describe('state and service levels', () => {
  it('tracks status, resolution, call-back, satisfaction and reopenings', () => {
    const state = filedState([
      filed,
      resolved(10),
      { type: 'CallbackRecorded', occurredAt: at(20), data: { reached: true, attitude: 'neutral' } },
      { type: 'ComplaintReopened', occurredAt: at(30), data: { reason: 'again', resolutionDueAt: at(54) } },
    ]);
    expect(state).toMatchObject({ status: 'open', reopenCount: 1, resolutionDueAt: at(54), callback: {} });
    expect(state.resolvedAt).toBeUndefined();
  });

  it('is breached when a cycle ended after its due time or is still open past it', () => {
    expect(isSlaBreached(filedState([filed]), at(24))).toBe(false);
    expect(isSlaBreached(filedState([filed]), at(24.001))).toBe(true);
    expect(isSlaBreached(filedState([filed, resolved(23)]), at(100))).toBe(false);
    expect(isSlaBreached(filedState([filed, resolved(25)]), at(100))).toBe(true);
    const reopenedLate = filedState([
      filed,
      resolved(1),
      { type: 'ComplaintReopened', occurredAt: at(2), data: { reason: 'x', resolutionDueAt: at(26) } },
      closed(30),
    ]);
    expect(isSlaBreached(reopenedLate, at(100))).toBe(true);
  });
});

describe('service-level timers (docs/domain.md, Service levels)', () => {
  const breach = (dueAt: string): ComplaintCommand => ({ type: 'escalateForBreach', dueAt });
  const missed = (resolvedAt: string): ComplaintCommand => ({
    type: 'recordCallbackMissed',
    resolvedAt,
    dueAt: at(Date.parse(resolvedAt) / 3_600_000 - Date.parse(T0) / 3_600_000 + 72),
  });
  const slaEscalation = (level: number): ComplaintEvent => ({
    type: 'ComplaintEscalated',
    data: { reason: 'sla_breach', level },
  });
  const escalated = (level: number, hours: number): OccurredComplaintEvent => ({
    type: 'ComplaintEscalated',
    occurredAt: at(hours),
    data: { reason: 'sla_breach', level },
  });
  const reopened = (hours: number): OccurredComplaintEvent => ({
    type: 'ComplaintReopened',
    occurredAt: at(hours),
    data: { reason: 'again', resolutionDueAt: at(hours + 24) },
  });
  const callback = (hours: number, reached: boolean): OccurredComplaintEvent => ({
    type: 'CallbackRecorded',
    occurredAt: at(hours),
    data: reached ? { reached, attitude: 'dissatisfied' } : { reached },
  });

  it('escalates a cycle still open at its deadline, once, one level up', () => {
    given(filed)
      .when(breach(at(24)), at(24))
      .then([slaEscalation(1)]);
    given(filed, { type: 'ComplaintEscalated', occurredAt: at(2), data: { reason: 'manual', level: 1 } })
      .when(breach(at(24)), at(24))
      .then([slaEscalation(2)]);
    given(filed, escalated(1, 24))
      .when(breach(at(24)), at(25))
      .then([]);
  });

  it('does nothing when the cycle was resolved or closed before its deadline', () => {
    given(filed, resolved(10))
      .when(breach(at(24)), at(24))
      .then([]);
    given(filed, closed(10))
      .when(breach(at(24)), at(24))
      .then([]);
  });

  it('gives a reopened cycle its own deadline and its own breach', () => {
    const history = [filed, escalated(1, 24), resolved(30), reopened(40)];
    // The first cycle's timer, coming late, does not touch the new cycle.
    given(...history)
      .when(breach(at(24)), at(64))
      .then([]);
    given(...history)
      .when(breach(at(64)), at(64))
      .then([slaEscalation(2)]);
    given(...history, escalated(2, 64))
      .when(breach(at(64)), at(65))
      .then([]);
  });

  it('records CallbackMissed only while no reached call-back exists since that resolution', () => {
    given(filed, resolved(10))
      .when(missed(at(10)), at(82))
      .then([{ type: 'CallbackMissed', data: { dueAt: at(82) } }]);
    // Not reached: still missed. Reached, even dissatisfied: not missed.
    given(filed, resolved(10), callback(20, false))
      .when(missed(at(10)), at(82))
      .then([{ type: 'CallbackMissed', data: { dueAt: at(82) } }]);
    given(filed, resolved(10), callback(20, true), callback(30, false))
      .when(missed(at(10)), at(82))
      .then([]);
  });

  it('records no CallbackMissed once the complaint left that resolution, nor twice', () => {
    given(filed, resolved(10), reopened(20))
      .when(missed(at(10)), at(82))
      .then([]);
    given(filed, resolved(10), closed(20))
      .when(missed(at(10)), at(82))
      .then([]);
    given(filed, resolved(10), reopened(20), resolved(30))
      .when(missed(at(10)), at(82))
      .then([]);
    given(filed, resolved(10), { type: 'CallbackMissed', occurredAt: at(82), data: { dueAt: at(82) } })
      .when(missed(at(10)), at(83))
      .then([]);
  });
});
