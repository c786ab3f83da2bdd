import {
  complaintDecider,
  evolveComplaint,
  initialComplaintState,
  isSlaBreached,
  toComplaintView,
  type ComplaintCommand,
  type ComplaintEvent,
  type FiledComplaint,
  type OccurredComplaintEvent,
} from '@cl/complaints';
import type { ActingActor } from '@cl/domain';
import { EXAMPLE_LEVELS } from '../service-levels/example-policy';
import { deciderSpec } from '../support/decider-spec';

/**
 * The slice's service-level decisions (docs/service-levels.md), pure: decide under the example
 * policy, fold what it records, decide again. Asia/Shanghai (UTC+8); filed Friday 2026-09-25
 * 16:00 local.
 */
const LEVELS = EXAMPLE_LEVELS;
const FILED_AT = '2026-09-25T08:00:00.000Z';
const file = (severity: 'critical' | 'high' | 'medium' | 'low'): ComplaintCommand => ({
  type: 'file',
  complaintId: 'D-1',
  customerId: 'CU-1',
  channel: 'web',
  category: 'cards',
  severity,
  description: 'x',
  subjectAgentId: 'agent-9',
});

const { decide } = complaintDecider(LEVELS);
const spec = deciderSpec(complaintDecider(LEVELS));

/** Who acts: an agent (not the complaint's subject) for users' commands, the timers for theirs. */
const AGENT: ActingActor = { id: 'agent-1', role: 'agent' };
const TIMERS: ActingActor = { id: 'timers', role: 'system' };
const actorOf = (command: ComplaintCommand): ActingActor =>
  command.type === 'escalateForBreach' || command.type === 'recordCallbackMissed' ? TIMERS : AGENT;

/** Runs commands in order, each at its time, folding what each records. */
function run(steps: [ComplaintCommand, string][]) {
  let state = initialComplaintState;
  const recorded: OccurredComplaintEvent[] = [];
  for (const [command, occurredAt] of steps) {
    for (const event of decide({ ...command, occurredAt, actor: actorOf(command) }, state)) {
      const occurred = { ...event, occurredAt } as OccurredComplaintEvent;
      recorded.push(occurred);
      state = evolveComplaint(state, occurred);
    }
  }
  return { state: state as FiledComplaint, recorded };
}
/** Given what `steps` recorded, when `command` happens at `at`. */
function when(steps: [ComplaintCommand, string][], command: ComplaintCommand, at: string) {
  return spec.given(...run(steps).recorded).when({ ...command, occurredAt: at, actor: actorOf(command) });
}
const breach = (target: 'acknowledge' | 'resolve' | 'finalResponse', dueAt: string): ComplaintCommand => ({
  type: 'escalateForBreach',
  target,
  dueAt,
});
const escalations = (events: ComplaintEvent[]) =>
  events.filter((event) => event.type === 'ComplaintEscalated').map((event) => event.data);

describe('service-level decisions of the complaint slice', () => {
  it('the breach timers: each target once, only while unmet at its recorded due time', () => {
    const filed: [ComplaintCommand, string] = [file('high'), FILED_AT];
    const { recorded } = run([
      filed,
      [breach('acknowledge', '2026-09-28T03:00:00.000Z'), '2026-09-28T03:00:00.000Z'],
      [breach('acknowledge', '2026-09-28T03:00:00.000Z'), '2026-09-28T03:00:01.000Z'],
      [breach('resolve', '2026-09-28T08:00:00.000Z'), '2026-09-28T08:00:00.000Z'],
      [breach('finalResponse', '2026-10-09T00:00:00.000Z'), '2026-10-09T00:00:00.000Z'], // not its due time
      [breach('finalResponse', '2026-10-10T16:00:00.000Z'), '2026-10-10T16:00:00.000Z'],
      [breach('finalResponse', '2026-10-10T16:00:00.000Z'), '2026-10-10T16:00:00.000Z'],
    ]);
    expect(escalations(recorded)).toEqual([
      { reason: 'ack_breach', level: 1 },
      { reason: 'sla_breach', level: 2 },
      { reason: 'final_response_breach', level: 3 },
    ]);
  });

  it('met targets and paused cycles are not escalated', () => {
    const { recorded } = run([
      [file('high'), FILED_AT],
      [{ type: 'acknowledge' }, '2026-09-25T08:10:00.000Z'],
      [{ type: 'pause', reason: 'awaiting_customer' }, '2026-09-25T09:00:00.000Z'],
      [breach('acknowledge', '2026-09-28T03:00:00.000Z'), '2026-09-28T03:00:00.000Z'],
      [breach('resolve', '2026-09-28T08:00:00.000Z'), '2026-09-28T08:00:00.000Z'],
    ]);
    expect(escalations(recorded)).toEqual([]);
    expect(recorded.find((event) => event.type === 'ComplaintPaused')!.data).toEqual({
      reason: 'awaiting_customer',
      resolveLeftMs: 7 * 3_600_000,
    });
  });

  it('a paused complaint shows no due time and cannot breach; the resume records the new one', () => {
    const steps: [ComplaintCommand, string][] = [
      [file('high'), FILED_AT],
      [{ type: 'pause', reason: 'awaiting_third_party' }, '2026-09-25T09:00:00.000Z'],
    ];
    const { state } = run(steps);
    expect(isSlaBreached(state, '2027-01-01T00:00:00.000Z')).toBe(false);
    const view = toComplaintView(state, 1, '2027-01-01T00:00:00.000Z');
    expect(view).toMatchObject({ paused: true, resolutionDueAt: null, subjectAgentId: 'agent-9' });
    expect(view.deadlines.resolve).toEqual({ dueAt: null, breached: false, paused: true });
    const { recorded } = run([...steps, [{ type: 'resume' }, '2026-09-27T02:00:00.000Z']]);
    // Resumed on Sunday: Mon 09-12, 13-17 local.
    expect(recorded.at(-1)).toMatchObject({
      type: 'ComplaintResumed',
      data: { resolutionDueAt: '2026-09-28T09:00:00.000Z' },
    });
  });

  it('reopening starts a cycle with the resolve target in force, recorded in the event', () => {
    const { recorded, state } = run([
      [file('medium'), FILED_AT],
      [
        { type: 'resolve', resolutionType: 'other', summary: 's', resolvedBy: 'a', outcome: 'upheld' },
        '2026-09-26T00:00:00.000Z',
      ],
      [{ type: 'reopen', reason: 'again' }, '2026-09-29T01:00:00.000Z'],
    ]);
    // 3 business days after Tuesday 09-29: Wed 09-30, (holidays 10-01, 10-02, weekend) Mon 10-05, Tue 10-06.
    expect(recorded.at(-1)!.data).toEqual({
      reason: 'again',
      resolutionDueAt: '2026-10-06T10:00:00.000Z',
      resolveTarget: { unit: 'businessDays', amount: 3, pausable: false },
    });
    expect(state.resolution?.outcome).toBe('upheld');
    // Acknowledge and final response were met by the first resolution.
    expect(state).toMatchObject({
      acknowledgedAt: '2026-09-26T00:00:00.000Z',
      finalResponseMetAt: '2026-09-26T00:00:00.000Z',
    });
  });

  it('refusals: conflict of interest, 400 without the target, 403 for an approval after 409', () => {
    const filed: [ComplaintCommand, string][] = [[file('high'), FILED_AT]];
    when(filed, { type: 'assign', agentId: 'agent-9' }, FILED_AT).thenRefused('conflict', {
      status: 'open',
      reason: 'conflict_of_interest',
    });
    const medium: [ComplaintCommand, string][] = [[file('medium'), FILED_AT]];
    when(medium, { type: 'pause', reason: 'awaiting_customer' }, FILED_AT).thenRefused('invalid');
    const extended: [ComplaintCommand, string][] = [
      ...filed,
      [{ type: 'extend', reason: 'r' }, '2026-09-26T00:00:00.000Z'],
    ];
    when(extended, { type: 'extend', reason: 'r' }, '2026-09-27T00:00:00.000Z').thenRefused('forbidden');
    // Closed: 409, whatever the role.
    const closed: [ComplaintCommand, string][] = [
      ...extended,
      [{ type: 'close' }, '2026-09-27T00:00:00.000Z'],
    ];
    when(closed, { type: 'extend', reason: 'r' }, '2026-09-28T00:00:00.000Z').thenRefused('conflict', {
      status: 'closed',
    });
    // Without a policy, no acknowledge target: 400.
    const [filedWithoutPolicy] = complaintDecider({ ...LEVELS, policy: undefined }).decide(
      { ...file('high'), occurredAt: FILED_AT, actor: AGENT },
      initialComplaintState,
    );
    spec
      .given({ ...filedWithoutPolicy, occurredAt: FILED_AT })
      .when({ type: 'acknowledge', occurredAt: FILED_AT, actor: AGENT })
      .thenRefused('invalid');
  });
});
