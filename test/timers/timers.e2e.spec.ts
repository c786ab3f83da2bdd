import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { eventually, sleep } from '../support/eventually';
import { httpClient, TOKENS } from '../support/http-client';
import { deleteRedisKeys, startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { TIMER_ENV, timerPolicyEnv } from './timer-env';

const complaint = (complaintId: string, severity = 'critical') => ({
  complaintId,
  customerId: `CU-${complaintId}`,
  channel: 'phone',
  category: 'billing',
  severity,
  description: 'Charged twice',
});

/**
 * Each test waits seconds for its own complaint's deadlines and shares nothing else with the
 * others, so they run side by side (it.concurrent), but the one that restarts its service,
 * which runs after the others of its describe. Jest starts concurrent tests once the file's
 * beforeAll has run, before any describe's: both services start here, at the file's level.
 */
let startOne: () => Promise<void>;
let startPolicy: () => Promise<void>;
beforeAll(() => Promise.all([startOne(), startPolicy()]));

describe('service-level timers (one process)', () => {
  const dir = makeTempDir('timers');
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  let store: EventStore;
  const prefix = `test-timers-${process.pid}`;

  const start = async () => {
    service = await startTestApp({ ...TIMER_ENV, DATA_DIR: dir.path, REDIS_PREFIX: prefix });
    http = httpClient(service.url);
    store = service.app.get(EVENT_STORE);
  };
  startOne = start;
  afterAll(async () => {
    await service.app.close();
    await deleteRedisKeys(service.config.redisUrl, prefix);
    dir.remove();
  });

  const events = (id: string): Promise<RecordedEvent[]> => store.readStream(`complaint-${id}`);
  const breaches = async (id: string) =>
    (await events(id)).filter(
      (event) => event.type === 'ComplaintEscalated' && event.data.reason === 'sla_breach',
    );
  const missed = async (id: string) => (await events(id)).filter((event) => event.type === 'CallbackMissed');
  const post = async (path: string, body: object) => {
    const answer = await http('POST', path, { body });
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };

  it.concurrent(
    'escalates a breached cycle once, as the timers, at the deadline, caused by the filing',
    async () => {
      const filed = await post('/complaints', complaint('T-breach'));
      await eventually(async () => (await breaches('T-breach')).length > 0);
      await sleep(1500);
      const [escalation, ...more] = await breaches('T-breach');
      expect(more).toEqual([]);
      const [filing] = await events('T-breach');
      expect(escalation.data).toEqual({ reason: 'sla_breach', level: 1 });
      expect(escalation.metadata).toMatchObject({
        occurredAt: filed.resolutionDueAt,
        actor: { id: 'timers', role: 'system' },
        causationId: filing.id,
        correlationId: filing.metadata.correlationId,
      });
    },
  );

  it.concurrent('does not escalate a complaint resolved before its deadline', async () => {
    await post('/complaints', complaint('T-quick'));
    await post('/complaints/T-quick/resolution', { resolutionType: 'refund', summary: 'Refunded' });
    await sleep(3000);
    expect(await breaches('T-quick')).toEqual([]);
  });

  it.concurrent('gives a reopened cycle its own deadline and its own breach', async () => {
    await post('/complaints', complaint('T-reopen'));
    await eventually(async () => (await breaches('T-reopen')).length === 1);
    await post('/complaints/T-reopen/resolution', { resolutionType: 'refund', summary: 'Refunded' });
    await post('/complaints/T-reopen/reopen', { reason: 'Charged again' });
    await eventually(async () => (await breaches('T-reopen')).length === 2);
    await sleep(1500);
    expect((await breaches('T-reopen')).map((event) => event.data.level)).toEqual([1, 2]);
  });

  it.concurrent(
    'records CallbackMissed only when no reached call-back exists since the resolution',
    async () => {
      for (const id of ['T-nocall', 'T-unreached', 'T-unhappy']) {
        await post('/complaints', complaint(id, 'low'));
        await post(`/complaints/${id}/resolution`, { resolutionType: 'apology', summary: 'Sorry' });
      }
      await post('/complaints/T-unreached/callbacks', { reached: false });
      // Dissatisfied, but reached: no CallbackMissed.
      await post('/complaints/T-unhappy/callbacks', { reached: true, attitude: 'dissatisfied' });
      await eventually(async () => (await missed('T-nocall')).length === 1);
      await eventually(async () => (await missed('T-unreached')).length === 1);
      await sleep(1000);
      expect(await missed('T-unhappy')).toEqual([]);
      expect(await missed('T-nocall')).toHaveLength(1);
      const [resolution] = (await events('T-nocall')).filter((event) => event.type === 'ComplaintResolved');
      const [record] = await missed('T-nocall');
      const dueAt = new Date(
        Date.parse(String(resolution.metadata.occurredAt)) + Math.floor(0.0006 * 3_600_000),
      ).toISOString();
      expect(record.data).toEqual({ dueAt });
      expect(record.metadata.occurredAt).toBe(dueAt);
      // The reminders of the call-backs that came due are counted.
      const metrics = await http('GET', '/metrics', { token: null });
      expect(metrics.text).toMatch(/cl_timers_fired_total\{kind="callback-due"\} [3-9]/);
      expect(metrics.text).toMatch(/cl_queue_jobs\{queue="timers",state="delayed"\} \d+/);
      // The timers' appends are counted across processes (they may run in another one).
      expect(metrics.text).toMatch(/cl_background_events_appended_total\{type="CallbackMissed"\} [1-9]/);
      // Their resolution deadlines (low: an hour ahead) wait in the due-time index, not in BullMQ.
      expect(Number(/^cl_timers_due_later (\d+)$/m.exec(metrics.text)?.[1])).toBeGreaterThanOrEqual(3);
    },
  );

  it.concurrent('gives imported history (deadlines already past when recorded) no timers', async () => {
    const past = new Date(Date.now() - 60 * 60_000).toISOString();
    await post('/complaints', { ...complaint('T-history'), occurredAt: past });
    await sleep(2500);
    expect(await breaches('T-history')).toEqual([]);
    const health = await http('GET', '/health', { token: null });
    expect(health.body.queues.timers).toMatchObject({ failed: 0 });
  });

  it.concurrent('shows the queues to the admin token only, at /admin/queues (Bull Board)', async () => {
    expect((await http('GET', '/admin/queues', { token: null })).status).toBe(401);
    expect((await http('GET', '/admin/queues', { token: TOKENS.agent })).status).toBe(403);
    const page = await http('GET', '/admin/queues', { token: TOKENS.admin });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const queues = await http('GET', '/admin/queues/api/queues', { token: TOKENS.admin });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((queue: { name: string }) => queue.name)).toEqual(['timers', 'webhooks']);
  });

  it('brings pending deadlines back after its Redis keys are deleted, acting on each once', async () => {
    await post('/complaints', complaint('T-before', 'high'));
    await post('/complaints', complaint('T-passed'));
    await eventually(async () => (await breaches('T-passed')).length === 1);
    await service.app.close();
    // Only this service's keys: the queue, its jobs, the checkpoint and the read models.
    await deleteRedisKeys(service.config.redisUrl, prefix);
    await start();
    await eventually(async () => (await breaches('T-before')).length === 1);
    await sleep(1500);
    expect(await breaches('T-before')).toHaveLength(1);
    expect(await breaches('T-passed')).toHaveLength(1);
    expect(await breaches('T-breach')).toHaveLength(1);
  });
});

describe('service-level timers of a policy (acknowledge, resolve, final response; one process)', () => {
  const dir = makeTempDir('timers-policy');
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  let store: EventStore;
  const prefix = `test-timers-policy-${process.pid}`;

  startPolicy = async () => {
    service = await startTestApp({
      ...TIMER_ENV,
      ...timerPolicyEnv(dir.path),
      DATA_DIR: dir.path,
      REDIS_PREFIX: prefix,
    });
    http = httpClient(service.url);
    store = service.app.get(EVENT_STORE);
  };
  afterAll(async () => {
    await service.app.close();
    await deleteRedisKeys(service.config.redisUrl, prefix);
    dir.remove();
  });

  const events = (id: string): Promise<RecordedEvent[]> => store.readStream(`complaint-${id}`);
  const escalations = async (id: string, reason?: string) =>
    (await events(id)).filter(
      (event) =>
        event.type === 'ComplaintEscalated' && (reason === undefined || event.data.reason === reason),
    );
  const post = async (path: string, body: object, token = TOKENS.agent) => {
    const answer = await http('POST', path, { body, token });
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };
  const occurredAtOf = (event: RecordedEvent) => String(event.metadata.occurredAt);

  it.concurrent(
    'escalates each breached target once, at its recorded due time: ack, sla, final response',
    async () => {
      await post('/complaints', complaint('P-all'));
      // Waits for at least three (a fourth, a duplicate, would show in the comparison below);
      // 30 s: a loaded machine (npm test beside other suites) runs BullMQ's delayed jobs late.
      await eventually(async () => (await escalations('P-all')).length >= 3, 30_000);
      await sleep(1500);
      const [filing] = await events('P-all');
      const due = filing.data as {
        acknowledgeDueAt: string;
        resolutionDueAt: string;
        finalResponseDueAt: string;
      };
      const recorded = await escalations('P-all');
      expect(recorded.map((event) => [event.data.reason, event.data.level, occurredAtOf(event)])).toEqual([
        ['ack_breach', 1, due.acknowledgeDueAt],
        ['sla_breach', 2, due.resolutionDueAt],
        ['final_response_breach', 3, due.finalResponseDueAt],
      ]);
      for (const event of recorded) expect(event.metadata).toMatchObject({ causationId: filing.id });
      // The fractional targets: 1.08 s, 1.8 s and 2.52 s after the filing.
      const filedAt = Date.parse(occurredAtOf(filing));
      expect(
        [due.acknowledgeDueAt, due.resolutionDueAt, due.finalResponseDueAt].map(
          (at) => Date.parse(at) - filedAt,
        ),
      ).toEqual([1080, 1800, 2520]);
    },
  );

  it.concurrent('no escalation for targets met in time (acknowledged, resolved)', async () => {
    await post('/complaints', complaint('P-met'));
    await post('/complaints/P-met/acknowledgement', {});
    await post('/complaints/P-met/resolution', { resolutionType: 'refund', summary: 'Refunded' });
    await sleep(4000);
    expect(await escalations('P-met')).toEqual([]);
  });

  it.concurrent(
    'no sla_breach while paused; the resume sets the new due time, escalated once at it',
    async () => {
      const filed = await post('/complaints', complaint('P-pause', 'high'));
      await post('/complaints/P-pause/acknowledgement', {});
      const paused = await post('/complaints/P-pause/pause', { reason: 'awaiting_customer' });
      expect(paused.resolveLeftMs).toBeGreaterThan(0);
      // Past the original due time (5.4 s after filing): the paused target does not breach.
      await eventually(async () => Date.now() > Date.parse(filed.resolutionDueAt) + 1500, 15_000);
      expect(await escalations('P-pause', 'sla_breach')).toEqual([]);
      const resumed = await post('/complaints/P-pause/resume', {});
      const [resume] = (await events('P-pause')).filter((event) => event.type === 'ComplaintResumed');
      expect(Date.parse(resumed.resolutionDueAt) - Date.parse(occurredAtOf(resume))).toBe(
        paused.resolveLeftMs,
      );
      await eventually(async () => (await escalations('P-pause', 'sla_breach')).length >= 1, 30_000);
      await sleep(1500);
      const breaches = await escalations('P-pause', 'sla_breach');
      expect(breaches.map(occurredAtOf)).toEqual([resumed.resolutionDueAt]);
      expect(breaches[0].metadata.causationId).toBe(resume.id);
    },
  );

  it.concurrent(
    'an extension moves the final-response timer: no breach at the old due time, one at the new',
    async () => {
      const filed = await post('/complaints', complaint('P-ext', 'medium'));
      await post('/complaints/P-ext/acknowledgement', {});
      const extended = await post('/complaints/P-ext/extension', { reason: 'complex' });
      const [filing] = await events('P-ext');
      const filedAt = Date.parse(occurredAtOf(filing));
      // 0.0007 + 0.0015 hours from the filing.
      expect(Date.parse(extended.finalResponseDueAt) - filedAt).toBe(7920);
      expect(filed.resolutionDueAt).toBeDefined();
      await eventually(async () => Date.now() > filedAt + 2520 + 1500, 15_000);
      expect(await escalations('P-ext', 'final_response_breach')).toEqual([]);
      await eventually(async () => (await escalations('P-ext', 'final_response_breach')).length >= 1, 30_000);
      await sleep(1500);
      const breaches = await escalations('P-ext', 'final_response_breach');
      expect(breaches.map(occurredAtOf)).toEqual([extended.finalResponseDueAt]);
    },
  );
});
