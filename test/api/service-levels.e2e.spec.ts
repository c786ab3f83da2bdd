import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { EXAMPLE_POLICY } from '../service-levels/example-policy';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp } from '../support/test-app';

/**
 * The example policy of docs/service-levels.md through the real HTTP server, every due time
 * computed by hand. Asia/Shanghai is UTC+8 all year: local 16:00 is 08:00Z. Mon 09:00-12:00 +
 * 13:00-18:00 (a lunch break), Tue-Fri 09:00-18:00; 2026-10-01 (Thu) and 10-02 (Fri) holidays;
 * Saturday 2026-10-10 a make-up workday with Monday's hours. Targets: acknowledge 4 business
 * hours; resolve critical 4 hours and high 8 business hours (both pausable), medium 3 and low 5
 * business days; final response 15 days, extensions 15 and (approval) 30.
 */
describe('service levels over HTTP: the example policy of docs/service-levels.md', () => {
  const policyDir = makeTempDir('policy');
  const policyFile = join(policyDir.path, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(EXAMPLE_POLICY));
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  let store: EventStore;

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS, SLA_POLICY_FILE: policyFile });
    http = httpClient(service.url);
    store = service.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await service.stop();
    policyDir.remove();
  });

  // Friday 2026-09-25, 16:00 local.
  const FRIDAY_1600 = '2026-09-25T08:00:00.000Z';
  const file = (complaintId: string, severity: string, occurredAt: string, extra: object = {}) =>
    http('POST', '/complaints', {
      body: {
        complaintId,
        customerId: 'CU-SL',
        channel: 'web',
        category: 'cards',
        severity,
        description: 'Card blocked',
        occurredAt,
        ...extra,
      },
    });
  const post = (complaintId: string, command: string, body: object, token = TOKENS.agent) =>
    http('POST', `/complaints/${complaintId}/${command}`, { body, token });
  const stateAt = async (complaintId: string, asOf: string) =>
    (await http('GET', `/complaints/${complaintId}/state?asOf=${asOf}`, { token: TOKENS.auditor })).body;
  const eventsOf = async (complaintId: string) => store.readStream(`complaint-${complaintId}`);

  it('a Friday-afternoon filing: every due time recorded in ComplaintFiled, the lunch break skipped', async () => {
    const filed = await file('SL-FRI', 'high', FRIDAY_1600);
    expect(filed.status).toBe(201);
    // 8 business hours: Fri 16-18 (2), Mon 09-12 (5), lunch, 13-16 (8): Mon 16:00 local.
    expect(filed.body.resolutionDueAt).toBe('2026-09-28T08:00:00.000Z');
    const [event] = await eventsOf('SL-FRI');
    expect(event.data).toEqual({
      complaintId: 'SL-FRI',
      customerId: 'CU-SL',
      channel: 'web',
      category: 'cards',
      severity: 'high',
      // Sealed under the customer's key (docs/privacy.md).
      description: expect.stringMatching(/^pd1\./),
      resolutionDueAt: '2026-09-28T08:00:00.000Z',
      resolveTarget: { unit: 'businessHours', amount: 8, pausable: true },
      // 4 business hours: Fri 16-18, Mon 09-11.
      acknowledgeDueAt: '2026-09-28T03:00:00.000Z',
      // 15 days: the midnight ending 2026-10-10, local.
      finalResponseDueAt: '2026-10-10T16:00:00.000Z',
      finalResponseTarget: { unit: 'days', amount: 15 },
      // Mon, Tue, Wed: Wednesday's close, 18:00 local.
      thirdBusinessDayEndsAt: '2026-09-30T10:00:00.000Z',
    });

    // Monday 10:00 local: acknowledged in time, the other targets still running.
    const acknowledged = await post('SL-FRI', 'acknowledgement', {
      channel: 'email',
      occurredAt: '2026-09-28T02:00:00Z',
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ revision: 1, acknowledgedAt: '2026-09-28T02:00:00.000Z' });
    expect((await post('SL-FRI', 'acknowledgement', {})).status).toBe(409);

    expect((await stateAt('SL-FRI', '2026-09-28T07:59:59Z')).deadlines).toEqual({
      acknowledge: { dueAt: '2026-09-28T03:00:00.000Z', metAt: '2026-09-28T02:00:00.000Z', breached: false },
      resolve: { dueAt: '2026-09-28T08:00:00.000Z', breached: false },
      finalResponse: { dueAt: '2026-10-10T16:00:00.000Z', breached: false, extensions: 0 },
    });
    // One second past Monday 16:00 local: the resolve target is breached, slaBreached with it.
    const late = await stateAt('SL-FRI', '2026-09-28T08:00:01Z');
    expect(late.deadlines.resolve).toEqual({ dueAt: '2026-09-28T08:00:00.000Z', breached: true });
    expect(late.slaBreached).toBe(true);

    // Resolved on Tuesday with an outcome: resolve breached (late), final response met in time.
    const resolved = await post('SL-FRI', 'resolution', {
      resolutionType: 'apology',
      summary: 'Unblocked',
      outcome: 'partially_upheld',
      occurredAt: '2026-09-29T02:00:00Z',
    });
    expect(resolved.status).toBe(200);
    const view = (await http('GET', '/complaints/SL-FRI')).body;
    expect(view).toMatchObject({
      status: 'resolved',
      slaBreached: true,
      paused: false,
      subjectAgentId: null,
      resolution: { outcome: 'partially_upheld' },
    });
    expect(view.deadlines).toEqual({
      acknowledge: { dueAt: '2026-09-28T03:00:00.000Z', metAt: '2026-09-28T02:00:00.000Z', breached: false },
      resolve: { dueAt: '2026-09-28T08:00:00.000Z', metAt: '2026-09-29T02:00:00.000Z', breached: true },
      finalResponse: {
        dueAt: '2026-10-10T16:00:00.000Z',
        metAt: '2026-09-29T02:00:00.000Z',
        breached: false,
        extensions: 0,
      },
    });
  });

  it('an unacknowledged complaint breaches its acknowledge target at its due time', async () => {
    await file('SL-NOACK', 'medium', FRIDAY_1600);
    // 3 business days: Mon, Tue, Wed; Wednesday's close.
    expect((await http('GET', '/complaints/SL-NOACK')).body.resolutionDueAt).toBe('2026-09-30T10:00:00.000Z');
    expect((await stateAt('SL-NOACK', '2026-09-28T03:00:00Z')).deadlines.acknowledge).toEqual({
      dueAt: '2026-09-28T03:00:00.000Z',
      breached: false,
    });
    expect((await stateAt('SL-NOACK', '2026-09-28T03:00:00.001Z')).deadlines.acknowledge.breached).toBe(true);
    // Evaluated at now (after 2026-10-10): everything unmet is breached.
    const now = (await http('GET', '/complaints/SL-NOACK')).body.deadlines;
    expect([now.acknowledge.breached, now.resolve.breached, now.finalResponse.breached]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('the holiday block: a Wednesday-evening filing skips the holidays and the weekend', async () => {
    // Wed 2026-09-30 17:00 local: Wed 17-18 (1), Thu, Fri holidays, weekend, Mon 10-05 09-12 (4), 13-17 (8).
    expect((await file('SL-HOL', 'high', '2026-09-30T09:00:00Z')).body.resolutionDueAt).toBe(
      '2026-10-05T09:00:00.000Z',
    );
    // Filed on the holiday itself: 3 business days are Mon 10-05, Tue 10-06, Wed 10-07.
    expect((await file('SL-HOL-2', 'medium', '2026-10-01T02:00:00Z')).body.resolutionDueAt).toBe(
      '2026-10-07T10:00:00.000Z',
    );
  });

  it('the make-up Saturday opens with Monday’s hours and lunch break', async () => {
    // Fri 2026-10-09 15:00 local: Fri 15-18 (3), Sat 10-10 09-12 (6), 13-15 (8).
    expect((await file('SL-SAT', 'high', '2026-10-09T07:00:00Z')).body.resolutionDueAt).toBe(
      '2026-10-10T07:00:00.000Z',
    );
    // 3 business days after Friday: Sat 10-10, Mon 10-12, Tue 10-13.
    expect((await file('SL-SAT-2', 'medium', '2026-10-09T07:00:00Z')).body.resolutionDueAt).toBe(
      '2026-10-13T10:00:00.000Z',
    );
  });

  it('a pause across the weekend: 7 business hours left, counted again from Monday’s resume', async () => {
    await file('SL-PAUSE', 'high', FRIDAY_1600);
    // Fri 17:00 local: left Fri 17-18, Mon 09-12, 13-16 = 7 h of opening time.
    const paused = await post('SL-PAUSE', 'pause', {
      reason: 'awaiting_customer',
      occurredAt: '2026-09-25T09:00:00Z',
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ revision: 1, resolveLeftMs: 7 * 3_600_000 });
    expect((await post('SL-PAUSE', 'pause', { reason: 'awaiting_third_party' })).status).toBe(409);

    // Over the weekend and past the original due time: paused, no due time, not breached.
    const during = await stateAt('SL-PAUSE', '2026-09-28T09:00:00Z');
    expect(during).toMatchObject({ paused: true, resolutionDueAt: null, slaBreached: false });
    expect(during.deadlines.resolve).toEqual({ dueAt: null, breached: false, paused: true });

    // Mon 10:00 local: 10-12 (2), 13-18 (7): due at Monday's close, 18:00 local.
    const resumed = await post('SL-PAUSE', 'resume', { occurredAt: '2026-09-28T02:00:00Z' });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ revision: 2, resolutionDueAt: '2026-09-28T10:00:00.000Z' });
    expect((await post('SL-PAUSE', 'resume', {})).status).toBe(409);
    const after = await stateAt('SL-PAUSE', '2026-09-28T09:30:00Z');
    expect(after).toMatchObject({
      paused: false,
      resolutionDueAt: '2026-09-28T10:00:00.000Z',
      slaBreached: false,
    });

    expect(
      (
        await post('SL-PAUSE', 'resolution', {
          resolutionType: 'repair',
          summary: 'ok',
          occurredAt: '2026-09-28T09:59:00Z',
        })
      ).status,
    ).toBe(200);
    expect((await http('GET', '/complaints/SL-PAUSE')).body).toMatchObject({
      slaBreached: false,
      deadlines: {
        resolve: { dueAt: '2026-09-28T10:00:00.000Z', metAt: '2026-09-28T09:59:00.000Z', breached: false },
      },
    });
  });

  it('resolving or closing a paused complaint ends the pause first (ComplaintResumed before it)', async () => {
    // Critical, 4 calendar hours: due 12:00Z; paused at 10:00Z with 2 h left.
    await file('SL-CRIT', 'critical', FRIDAY_1600);
    const paused = await post('SL-CRIT', 'pause', {
      reason: 'awaiting_third_party',
      occurredAt: '2026-09-25T10:00:00Z',
    });
    expect(paused.body.resolveLeftMs).toBe(2 * 3_600_000);
    const resolved = await post('SL-CRIT', 'resolution', {
      resolutionType: 'refund',
      summary: 'Refunded',
      occurredAt: '2026-09-28T01:00:00Z',
    });
    expect(resolved.status).toBe(200);
    const events = await eventsOf('SL-CRIT');
    expect(events.map((event) => event.type)).toEqual([
      'ComplaintFiled',
      'ComplaintPaused',
      'ComplaintResumed',
      'ComplaintResolved',
    ]);
    expect(events[2].data).toEqual({ resolutionDueAt: '2026-09-28T03:00:00.000Z' });
    expect((await http('GET', '/complaints/SL-CRIT')).body.slaBreached).toBe(false);

    await file('SL-CRIT-2', 'critical', FRIDAY_1600);
    await post('SL-CRIT-2', 'pause', { reason: 'awaiting_customer', occurredAt: '2026-09-25T10:00:00Z' });
    expect((await post('SL-CRIT-2', 'close', { occurredAt: '2026-09-26T00:00:00Z' })).status).toBe(200);
    expect((await eventsOf('SL-CRIT-2')).map((event) => event.type)).toEqual([
      'ComplaintFiled',
      'ComplaintPaused',
      'ComplaintResumed',
      'ComplaintClosed',
    ]);
  });

  it('a pause that begins after the due time leaves nothing and stays breached', async () => {
    await file('SL-LATE', 'critical', FRIDAY_1600);
    const paused = await post('SL-LATE', 'pause', {
      reason: 'awaiting_customer',
      occurredAt: '2026-09-25T13:00:00Z',
    });
    expect(paused.body.resolveLeftMs).toBe(0);
    const during = await stateAt('SL-LATE', '2026-09-26T00:00:00Z');
    expect(during).toMatchObject({ paused: true, slaBreached: true });
    expect(during.deadlines.resolve).toEqual({ dueAt: null, breached: true, paused: true });
    // Resolved at the very instant of the resume: due then, and still breached.
    await post('SL-LATE', 'resolution', {
      resolutionType: 'other',
      summary: 'late',
      occurredAt: '2026-09-27T00:00:00Z',
    });
    expect((await http('GET', '/complaints/SL-LATE')).body.deadlines.resolve).toEqual({
      dueAt: '2026-09-27T00:00:00.000Z',
      metAt: '2026-09-27T00:00:00.000Z',
      breached: true,
    });
  });

  it('a target that is not pausable cannot be paused (400), nor a resolved complaint (409)', async () => {
    await file('SL-MED', 'medium', FRIDAY_1600);
    const refused = await post('SL-MED', 'pause', { reason: 'awaiting_customer' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/not pausable/);
    await post('SL-MED', 'resolution', { resolutionType: 'other', summary: 'done' });
    expect((await post('SL-MED', 'pause', { reason: 'awaiting_customer' })).body).toMatchObject({
      statusCode: 409,
      status: 'resolved',
    });
    expect((await eventsOf('SL-MED')).map((event) => event.type)).toEqual([
      'ComplaintFiled',
      'ComplaintResolved',
    ]);
  });

  it('two extensions: 30 then 60 days from the filing; the second needs an admin (403 after 404 and 409)', async () => {
    await file('SL-EXT', 'low', FRIDAY_1600);
    const first = await post('SL-EXT', 'extension', {
      reason: 'complex case',
      occurredAt: '2026-10-01T00:00:00Z',
    });
    expect(first.status).toBe(200);
    // 30 days: the midnight ending 2026-10-25, local.
    expect(first.body).toEqual({
      complaintId: 'SL-EXT',
      revision: 1,
      position: expect.stringMatching(/^\d+$/),
      extension: 1,
      finalResponseDueAt: '2026-10-25T16:00:00.000Z',
    });

    // The second needs approval: the agent is refused and nothing is written.
    const refused = await post('SL-EXT', 'extension', {
      reason: 'still waiting',
      occurredAt: '2026-10-20T00:00:00Z',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/approval/);
    expect(await eventsOf('SL-EXT')).toHaveLength(2);
    // 404 before 403; 409 before 403 (a closed complaint).
    expect((await post('SL-NONE', 'extension', { reason: 'x' })).status).toBe(404);
    await file('SL-EXT-CLOSED', 'low', FRIDAY_1600);
    await post('SL-EXT-CLOSED', 'extension', { reason: 'x', occurredAt: '2026-10-01T00:00:00Z' });
    await post('SL-EXT-CLOSED', 'close', { occurredAt: '2026-10-02T00:00:00Z' });
    expect((await post('SL-EXT-CLOSED', 'extension', { reason: 'x' })).body).toMatchObject({
      statusCode: 409,
      status: 'closed',
    });

    const second = await post(
      'SL-EXT',
      'extension',
      { reason: 'regulator asked', occurredAt: '2026-10-20T00:00:00Z' },
      TOKENS.admin,
    );
    expect(second.status).toBe(200);
    // 60 days: the midnight ending 2026-11-24, local; approved by the admin.
    expect(second.body).toMatchObject({
      extension: 2,
      finalResponseDueAt: '2026-11-24T16:00:00.000Z',
      approvedBy: expect.stringMatching(/^admin-/),
    });
    const recorded = (await eventsOf('SL-EXT'))[2];
    expect(recorded.data).toEqual({
      extension: 2,
      finalResponseDueAt: '2026-11-24T16:00:00.000Z',
      reason: 'regulator asked',
      approvedBy: recorded.metadata.actor && (recorded.metadata.actor as { id: string }).id,
    });
    // No third extension in the policy.
    expect((await post('SL-EXT', 'extension', { reason: 'more' }, TOKENS.admin)).status).toBe(409);
    const view = (await http('GET', '/complaints/SL-EXT')).body;
    expect(view.deadlines.finalResponse).toMatchObject({ dueAt: '2026-11-24T16:00:00.000Z', extensions: 2 });
    // The state between the two extensions shows the first.
    expect((await stateAt('SL-EXT', '2026-10-10T00:00:00Z')).deadlines.finalResponse).toEqual({
      dueAt: '2026-10-25T16:00:00.000Z',
      breached: false,
      extensions: 1,
    });
  });

  it('an extension after the due time, or after the final response, is 409', async () => {
    await file('SL-EXT-LATE', 'low', FRIDAY_1600);
    expect(
      (await post('SL-EXT-LATE', 'extension', { reason: 'x', occurredAt: '2026-10-10T16:00:00.001Z' })).body,
    ).toMatchObject({
      statusCode: 409,
      status: 'open',
    });
    await file('SL-EXT-MET', 'low', FRIDAY_1600);
    await post('SL-EXT-MET', 'resolution', {
      resolutionType: 'other',
      summary: 's',
      occurredAt: '2026-09-26T00:00:00Z',
    });
    await post('SL-EXT-MET', 'reopen', { reason: 'again', occurredAt: '2026-09-27T00:00:00Z' });
    expect(
      (await post('SL-EXT-MET', 'extension', { reason: 'x', occurredAt: '2026-09-28T00:00:00Z' })).status,
    ).toBe(409);
  });

  it('conflict of interest: never assigned to the employee the complaint is about', async () => {
    await file('SL-COI', 'high', FRIDAY_1600, { subjectAgentId: 'agent-9' });
    const refused = await post('SL-COI', 'assignment', { agentId: 'agent-9' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ statusCode: 409, status: 'open', reason: 'conflict_of_interest' });
    expect((await post('SL-COI', 'assignment', { agentId: 'agent-7' })).status).toBe(200);
    expect((await http('GET', '/complaints/SL-COI')).body).toMatchObject({
      subjectAgentId: 'agent-9',
      assignedTo: 'agent-7',
    });
  });

  it('the new commands go through the command path: If-Match, Idempotency-Key, occurredAt, bad input', async () => {
    await file('SL-PATH', 'high', FRIDAY_1600);
    const stale = await http('POST', '/complaints/SL-PATH/pause', {
      body: { reason: 'awaiting_customer', occurredAt: '2026-09-25T09:00:00Z' },
      headers: { 'if-match': '"5"' },
    });
    expect(stale.status).toBe(412);
    const keyed = () =>
      http('POST', '/complaints/SL-PATH/pause', {
        body: { reason: 'awaiting_customer', occurredAt: '2026-09-25T09:00:00Z' },
        headers: { 'idempotency-key': 'pause-once', 'if-match': '"0"' },
      });
    const first = await keyed();
    expect(first.status).toBe(200);
    const again = await keyed();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    // Before the stream's last event: 422.
    expect((await post('SL-PATH', 'resume', { occurredAt: '2026-09-25T08:59:00Z' })).status).toBe(422);
    for (const [command, body] of [
      ['pause', { reason: 'on_holiday' }],
      ['acknowledgement', { channel: 'pigeon' }],
      ['extension', {}],
      ['extension', { reason: '' }],
      ['resume', { extra: true }],
    ] as const) {
      expect([command, (await post('SL-PATH', command, body)).status]).toEqual([command, 400]);
    }
    expect(
      (await post('SL-PATH', 'resolution', { resolutionType: 'other', summary: 's', outcome: 'maybe' }))
        .status,
    ).toBe(400);
    expect((await post('SL-PATH', 'acknowledgement', {}, TOKENS.analyst)).status).toBe(403);
    expect(await eventsOf('SL-PATH')).toHaveLength(2);
  });

  it("the complaints return's period is read as local dates in the policy's timezone", async () => {
    // 2026-Q4 in Asia/Shanghai (UTC+8): from 10-01 00:00 to 2027-01-01 00:00, local.
    const answer = await http('GET', '/analytics/complaints-return?period=2026-Q4', {
      token: TOKENS.analyst,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
});

describe('service levels over HTTP without a policy file', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS });
    http = httpClient(service.url);
  });
  afterAll(() => service.stop());

  it('only the resolve target (SLA_HOURS) is shown; commands needing another target are 400', async () => {
    const filed = await http('POST', '/complaints', {
      body: {
        complaintId: 'NP-1',
        customerId: 'CU-NP',
        channel: 'phone',
        category: 'billing',
        severity: 'high',
        description: 'x',
        occurredAt: '2026-09-25T08:00:00Z',
      },
    });
    expect(filed.body.resolutionDueAt).toBe('2026-09-26T08:00:00.000Z');
    for (const [command, body] of [
      ['acknowledgement', {}],
      ['pause', { reason: 'awaiting_customer' }],
      ['extension', { reason: 'x' }],
    ] as const) {
      const answer = await http('POST', `/complaints/NP-1/${command}`, { body });
      expect([command, answer.status]).toEqual([command, 400]);
    }
    expect((await http('POST', '/complaints/NP-1/resume', { body: {} })).body).toMatchObject({
      statusCode: 409,
      status: 'open',
    });
    const view = (
      await http('GET', '/complaints/NP-1/state?asOf=2026-09-26T08:00:00Z', { token: TOKENS.auditor })
    ).body;
    expect(view.deadlines).toEqual({ resolve: { dueAt: '2026-09-26T08:00:00.000Z', breached: false } });
    expect(view.paused).toBe(false);
  });
});

/**
 * infra/policies/uk-firm.json through the HTTP API: payment-services complaints count with the
 * `psr` rule (15 business days, 35 with an approved extension), others with the policy's 8
 * weeks. Europe/London is UTC+1 (BST) in June and July 2026, which have no bank holiday. The
 * calendar is made to end 30 days from now, so /health warns and a deadline beyond it is marked.
 */
describe('service levels over HTTP: the UK policy, its payment-services rule and its calendar’s end', () => {
  const policyDir = makeTempDir('uk-policy');
  const policyFile = join(policyDir.path, 'uk-firm.json');
  const coversUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const ukFirm = JSON.parse(readFileSync(join(__dirname, '../../infra/policies/uk-firm.json'), 'utf8'));
  writeFileSync(policyFile, JSON.stringify({ ...ukFirm, calendarCoversUntil: coversUntil }));
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS, SLA_POLICY_FILE: policyFile });
    http = httpClient(service.url);
  });
  afterAll(async () => {
    await service.stop();
    policyDir.remove();
  });

  // Monday 2026-06-01, 10:00 BST.
  const MONDAY = '2026-06-01T09:00:00.000Z';
  const file = (complaintId: string, category: string, occurredAt: string) =>
    http('POST', '/complaints', {
      body: {
        complaintId,
        customerId: 'CU-UK',
        channel: 'web',
        category,
        severity: 'medium',
        description: 'x',
        occurredAt,
      },
    });

  it('a payments complaint counts 15 business days, 35 with the approved extension; another 8 weeks', async () => {
    expect((await file('UK-PAY', 'payments', MONDAY)).status).toBe(201);
    expect((await file('UK-BILL', 'billing', MONDAY)).status).toBe(201);
    const payments = (await http('GET', '/complaints/UK-PAY')).body;
    expect(payments.policyRule).toBe('psr');
    expect(payments.deadlines).toEqual({
      // The policy's own targets where the rule sets none: 1 business day, 3 business days.
      acknowledge: { dueAt: '2026-06-02T16:00:00.000Z', breached: true },
      resolve: { dueAt: '2026-06-04T16:00:00.000Z', breached: true },
      // The 15th business day after Monday 06-01 is Monday 06-22, closing 17:00 BST.
      finalResponse: { dueAt: '2026-06-22T16:00:00.000Z', breached: true, extensions: 0 },
    });
    const other = (await http('GET', '/complaints/UK-BILL')).body;
    expect(other.policyRule).toBeNull();
    // 56 days: the midnight ending 2026-07-27, BST.
    expect(other.deadlines.finalResponse).toMatchObject({ dueAt: '2026-07-27T23:00:00.000Z', extensions: 0 });

    // The rule's extension needs approval: an agent is refused, an admin grants 20 business days more.
    const extend = (token: string) =>
      http('POST', '/complaints/UK-PAY/extension', {
        body: { reason: 'exceptional', occurredAt: '2026-06-10T09:00:00Z' },
        token,
      });
    expect((await extend(TOKENS.agent)).status).toBe(403);
    // The 35th business day after 06-01: Monday 07-20.
    expect((await extend(TOKENS.admin)).body).toMatchObject({
      extension: 1,
      finalResponseDueAt: '2026-07-20T16:00:00.000Z',
    });
    // The other complaint has the policy's target, which has no extension.
    const refused = await http('POST', '/complaints/UK-BILL/extension', {
      body: { reason: 'x', occurredAt: '2026-06-10T09:00:00Z' },
      token: TOKENS.admin,
    });
    expect(refused.status).toBe(409);
  });

  it('a deadline after the calendar’s end is marked calendarCovered: false, and /health warns', async () => {
    const now = new Date().toISOString();
    expect((await file('UK-LATE', 'billing', now)).status).toBe(201);
    const { deadlines } = (await http('GET', '/complaints/UK-LATE')).body;
    // Eight weeks from now run past the calendar (30 days from now); one business day does not.
    expect(deadlines.finalResponse.calendarCovered).toBe(false);
    expect(deadlines.acknowledge).not.toHaveProperty('calendarCovered');
    expect((await http('GET', '/health', { token: null })).body.serviceLevels).toBe(
      `calendar ends ${coversUntil}`,
    );
  });
});
