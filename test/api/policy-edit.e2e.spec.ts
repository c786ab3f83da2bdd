import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_POLICY } from '../service-levels/example-policy';
import { API_KEYS, TOKENS } from '../support/http-client';
import { startServiceProcess } from '../support/service-process';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';

/**
 * docs/service-levels.md: the policy in force when an event is recorded decides the due times it
 * sets, and every reader uses the recorded times. The service is started as `npm start` runs
 * it, the policy file edited, the service started again on the same data: only complaints
 * filed (or cycles started) afterwards get the new due times; the history, /state and the
 * view of earlier complaints stay as they were.
 */
describe('a policy edited between two starts of the service', () => {
  const dir = makeTempDir('policy-edit');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const policyFile = join(dir.path, 'policy.json');
  const env = {
    DATA_DIR: join(dir.path, 'data'),
    REDIS_PREFIX: prefix,
    API_KEYS,
    PORT: '0',
    ROLE: 'api',
    SLA_POLICY_FILE: policyFile,
  };
  afterAll(async () => {
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  // Friday 2026-09-25, 16:00 in Asia/Shanghai.
  const FRIDAY_1600 = '2026-09-25T08:00:00Z';
  const complaint = (complaintId: string) => ({
    complaintId,
    customerId: 'CU-E',
    channel: 'web',
    category: 'cards',
    severity: 'high',
    description: 'Card blocked',
    occurredAt: FRIDAY_1600,
  });
  type Service = Awaited<ReturnType<typeof startServiceProcess>>;
  const readAll = async ({ http }: Service, id: string) => ({
    history: (await http('GET', `/complaints/${id}/history`, { token: TOKENS.auditor })).body,
    view: (await http('GET', `/complaints/${id}`)).body,
    states: await Promise.all(
      ['asOf=2026-09-26T00:00:00Z', 'asOf=2026-09-28T08:00:01Z', 'revision=0', 'revision=1'].map(
        async (at) => (await http('GET', `/complaints/${id}/state?${at}`, { token: TOKENS.auditor })).body,
      ),
    ),
  });
  const stop = async ({ server }: Service) => {
    server.child.kill('SIGTERM');
    await server.exited();
  };

  it('changes the due times of later complaints only', async () => {
    writeFileSync(policyFile, JSON.stringify(EXAMPLE_POLICY));
    const first = await startServiceProcess(env);
    let before: Awaited<ReturnType<typeof readAll>>;
    try {
      const filed = await first.http('POST', '/complaints', { body: complaint('E-1') });
      // 8 business hours: Fri 16-18, Mon 09-12, 13-16 (local).
      expect(filed.body.resolutionDueAt).toBe('2026-09-28T08:00:00.000Z');
      const extended = await first.http('POST', '/complaints/E-1/extension', {
        body: { reason: 'complex', occurredAt: '2026-09-27T00:00:00Z' },
      });
      expect(extended.body.finalResponseDueAt).toBe('2026-10-25T16:00:00.000Z');
      before = await readAll(first, 'E-1');
      expect(before.states[1].deadlines).toMatchObject({
        acknowledge: { dueAt: '2026-09-28T03:00:00.000Z', breached: true },
        resolve: { dueAt: '2026-09-28T08:00:00.000Z', breached: true },
        finalResponse: { dueAt: '2026-10-25T16:00:00.000Z', extensions: 1 },
      });
    } finally {
      await stop(first);
    }

    // The edit: longer resolve and final-response targets, a shorter acknowledgement, and
    // the first extension now 10 days.
    writeFileSync(
      policyFile,
      JSON.stringify({
        ...EXAMPLE_POLICY,
        targets: {
          ...EXAMPLE_POLICY.targets,
          acknowledge: { businessHours: 1 },
          resolve: { ...EXAMPLE_POLICY.targets.resolve, high: { businessHours: 16, pausable: true } },
          finalResponse: { days: 30, extensions: [{ days: 10 }] },
        },
      }),
    );
    const second = await startServiceProcess(env);
    try {
      // The earlier complaint: history, view and every /state exactly as before.
      expect(await readAll(second, 'E-1')).toEqual(before!);

      // A later complaint filed at the same business time gets the new policy's due times.
      const filed = await second.http('POST', '/complaints', { body: complaint('E-2') });
      // 16 business hours: Fri 16-18 (2), Mon 09-12, 13-18 (10), Tue 09-15 (16), local.
      expect(filed.body.resolutionDueAt).toBe('2026-09-29T07:00:00.000Z');
      const state = (await second.http('GET', '/complaints/E-2/state?revision=0', { token: TOKENS.auditor }))
        .body;
      expect(state.deadlines).toEqual({
        // 1 business hour: Friday 17:00 local.
        acknowledge: { dueAt: '2026-09-25T09:00:00.000Z', breached: false },
        resolve: { dueAt: '2026-09-29T07:00:00.000Z', breached: false },
        // 30 days: the midnight ending 2026-10-25, local.
        finalResponse: { dueAt: '2026-10-25T16:00:00.000Z', breached: false, extensions: 0 },
      });
      // An event recorded now under the new policy: E-2's first extension is 30 + 10 days.
      const extended = await second.http('POST', '/complaints/E-2/extension', {
        body: { reason: 'complex', occurredAt: '2026-09-27T00:00:00Z' },
      });
      expect(extended.body.finalResponseDueAt).toBe('2026-11-04T16:00:00.000Z');
      // E-1's history is still untouched by it.
      expect(await readAll(second, 'E-1')).toEqual(before!);
    } finally {
      await stop(second);
    }
  });
});
