import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_POLICY } from '../service-levels/example-policy';
import { API_KEYS, TOKENS } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { useTestApp } from '../support/test-app';

/**
 * Conflict of interest over the real HTTP server (docs/domain.md, Rules of the complaint
 * lifecycle; docs/http-api.md, Authentication and roles): with the named API key
 * `ag-7@agent:<token>`, every command on a complaint filed with `subjectAgentId: ag-7` is 409
 * `conflict_of_interest` and writes nothing; another agent's commands succeed. Under the
 * example policy, so that the service-level commands (acknowledgement, pause, resume,
 * extension) have their targets.
 */
describe('conflict of interest: the agent a complaint is about may not act on it', () => {
  const SUBJECT_TOKEN = 'subject-agent-ag7-0123456789abcdef0123';
  const OTHER_TOKEN = 'other-agent-ag8-0123456789abcdef012345';
  const policyDir = makeTempDir('policy');
  const policyFile = join(policyDir.path, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(EXAMPLE_POLICY));
  const fixture = useTestApp({
    API_KEYS: `${API_KEYS},ag-7@agent:${SUBJECT_TOKEN},ag-8@agent:${OTHER_TOKEN}`,
    SLA_POLICY_FILE: policyFile,
  });
  afterAll(() => policyDir.remove());

  const file = (complaintId: string, token: string) =>
    fixture.http('POST', '/complaints', {
      token,
      body: {
        complaintId,
        customerId: 'CU-COI',
        channel: 'phone',
        category: 'conduct',
        severity: 'high',
        description: 'The agent was rude',
        subjectAgentId: 'ag-7',
      },
    });
  const post = (complaintId: string, route: string, body: object, token: string) =>
    fixture.http('POST', `/complaints/${complaintId}/${route}`, { body, token });
  /** The stored stream, read back: ids, types and revisions. */
  const stream = async (complaintId: string) =>
    (await fixture.store.readStream(`complaint-${complaintId}`)).map(({ id, type, revision }) => ({
      id,
      type,
      revision,
    }));

  /** Each command route of a complaint, with a body it accepts. */
  const openCommands: [string, object][] = [
    ['assignment', { agentId: 'ag-8' }],
    ['escalation', { note: 'urgent' }],
    ['resolution', { resolutionType: 'apology', summary: 'Apologised' }],
    ['close', { reason: 'withdrawn' }],
    ['acknowledgement', { channel: 'phone' }],
    ['pause', { reason: 'awaiting_customer' }],
    ['resume', {}],
    ['extension', { reason: 'complex' }],
    ['root-cause', { cause: 'rude_agent' }],
  ];
  const resolvedCommands: [string, object][] = [
    ['reopen', { reason: 'again' }],
    ['callbacks', { reached: true, attitude: 'satisfied' }],
    ['satisfaction', { respondent: { contactId: 'P-1', role: 'primary' }, score: 5 }],
  ];

  /** Sends each command as the subject: 409 conflict_of_interest each time, the stream unchanged. */
  async function expectAllRefused(complaintId: string, commands: [string, object][], status: string) {
    const before = await stream(complaintId);
    for (const [route, body] of commands) {
      const refused = await post(complaintId, route, body, SUBJECT_TOKEN);
      expect({ route, status: refused.status, body: refused.body }).toMatchObject({
        route,
        status: 409,
        body: { statusCode: 409, status, reason: 'conflict_of_interest' },
      });
    }
    expect(await stream(complaintId)).toEqual(before);
  }

  it('filing about oneself is allowed; then every command of the subject is 409 and writes nothing', async () => {
    expect((await file('COI-1', SUBJECT_TOKEN)).status).toBe(201);
    const filed = await stream('COI-1');
    expect(filed.map((event) => event.type)).toEqual(['ComplaintFiled']);

    await expectAllRefused('COI-1', openCommands, 'open');
    // An Idempotency-Key changes nothing: refused, and nothing recorded under it.
    const keyed = await fixture.http('POST', '/complaints/COI-1/resolution', {
      token: SUBJECT_TOKEN,
      body: { resolutionType: 'apology', summary: 'Apologised' },
      headers: { 'idempotency-key': 'coi-resolve-1' },
    });
    expect(keyed.status).toBe(409);
    expect(keyed.body.reason).toBe('conflict_of_interest');
    expect(await stream('COI-1')).toEqual(filed);
  });

  it("another agent's commands succeed; on the resolved complaint the subject is still refused", async () => {
    expect((await file('COI-2', OTHER_TOKEN)).status).toBe(201);
    const resolve = { resolutionType: 'apology', summary: 'Apologised' };
    expect((await post('COI-2', 'resolution', resolve, SUBJECT_TOKEN)).status).toBe(409);

    const resolved = await post('COI-2', 'resolution', resolve, OTHER_TOKEN);
    expect(resolved.status).toBe(200);
    const history = await fixture.http('GET', '/complaints/COI-2/history', { token: TOKENS.auditor });
    expect(history.status).toBe(200);
    expect(history.body.events.at(-1)).toMatchObject({
      type: 'ComplaintResolved',
      actor: { id: 'ag-8', role: 'agent', via: 'api-key' },
    });

    await expectAllRefused('COI-2', resolvedCommands, 'resolved');
    expect(
      (await post('COI-2', 'callbacks', { reached: true, attitude: 'satisfied' }, OTHER_TOKEN)).status,
    ).toBe(200);
  });

  it('assigning the complaint to its subject is refused whoever asks', async () => {
    expect((await file('COI-3', OTHER_TOKEN)).status).toBe(201);
    const before = await stream('COI-3');
    for (const token of [OTHER_TOKEN, TOKENS.agent]) {
      const refused = await post('COI-3', 'assignment', { agentId: 'ag-7' }, token);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ status: 'open', reason: 'conflict_of_interest' });
    }
    expect(await stream('COI-3')).toEqual(before);
    expect((await post('COI-3', 'assignment', { agentId: 'ag-8' }, OTHER_TOKEN)).status).toBe(200);
  });
});
