import { EVENT_STORE, type EventStore, type RecordedEvent } from '@cl/event-store';
import { eventually, sleep } from '../support/eventually';
import { httpClient, TOKENS } from '../support/http-client';
import { deleteRedisKeys, startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { TIMER_ENV } from './timer-env';

const complaint = (complaintId: string, severity = 'critical') => ({
  complaintId,
  customerId: `CU-${complaintId}`,
  channel: 'phone',
  category: 'billing',
  severity,
  description: 'Charged twice',
});

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
  beforeAll(start);
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

  it('escalates a breached cycle once, as the timers, at the deadline, caused by the filing', async () => {
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
  });

  it('does not escalate a complaint resolved before its deadline', async () => {
    await post('/complaints', complaint('T-quick'));
    await post('/complaints/T-quick/resolution', { resolutionType: 'refund', summary: 'Refunded' });
    await sleep(3000);
    expect(await breaches('T-quick')).toEqual([]);
  });

  it('gives a reopened cycle its own deadline and its own breach', async () => {
    await post('/complaints', complaint('T-reopen'));
    await eventually(async () => (await breaches('T-reopen')).length === 1);
    await post('/complaints/T-reopen/resolution', { resolutionType: 'refund', summary: 'Refunded' });
    await post('/complaints/T-reopen/reopen', { reason: 'Charged again' });
    await eventually(async () => (await breaches('T-reopen')).length === 2);
    await sleep(1500);
    expect((await breaches('T-reopen')).map((event) => event.data.level)).toEqual([1, 2]);
  });

  it('records CallbackMissed only when no reached call-back exists since the resolution', async () => {
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
  });

  it('gives imported history (deadlines already past when recorded) no timers', async () => {
    const past = new Date(Date.now() - 60 * 60_000).toISOString();
    await post('/complaints', { ...complaint('T-history'), occurredAt: past });
    await sleep(2500);
    expect(await breaches('T-history')).toEqual([]);
    const health = await http('GET', '/health', { token: null });
    expect(health.body.queues.timers).toMatchObject({ failed: 0 });
  });

  it('shows the queues to the admin token only, at /admin/queues (Bull Board)', async () => {
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
