import Redis from 'ioredis';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { ProjectionRunner, projectionKeys, readModelComplete } from '@cl/projections';
import { customerRiskProjection, CustomerRiskQuery, PROJECTIONS } from '@cl/read-models';
import { RiskReactor } from '@cl/early-warning';
import { PROJECTION_RUNNERS } from '@cl/read-models/nest';
import { API_KEYS, httpClient } from '../support/http-client';
import { deleteRedisKeys, startTestApp } from '../support/test-app';

/**
 * The reactor never records a change from a partial read model: after Redis lost the
 * service's keys (the facts rebuilt from the first event, here stopped halfway) and during a
 * forced version upgrade, it stays silent until the read model has caught up, then records
 * only real changes.
 */
describe('early-warning reactor and a partial read model', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  let store: EventStore;
  let redis: Redis;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS, RISK_SWEEP_SECONDS: '0.3' });
    http = httpClient(service.url);
    store = service.app.get(EVENT_STORE);
    redis = new Redis(service.config.redisUrl);
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    redis.disconnect();
    await service.stop();
    await deleteRedisKeys(service.config.redisUrl, service.config.redisPrefix);
  });

  const changes = async () => (await store.readStream('customerRisk-CU-P')).map((event) => event.data.level);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1200));
  const eventually = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const post = async (path: string, body: object = {}) => {
    const answer = await http('POST', path, { body });
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${answer.text}`);
  };
  const startRunner = () => {
    const runner = new ProjectionRunner({
      store,
      redis,
      redisPrefix: service.config.redisPrefix,
      projections: PROJECTIONS,
    });
    runners.push(runner);
    runner.start();
    return runner;
  };

  it('stays silent while the facts are rebuilt, then records only real changes', async () => {
    // CU-P at warning: a survey of 1 (25), a dissatisfied call-back (15), three complaints (10).
    for (const id of ['P-1', 'P-2', 'P-3']) {
      await post('/complaints', {
        complaintId: id,
        customerId: 'CU-P',
        severity: 'low',
        channel: 'web',
        category: 'billing',
        description: 'd',
      });
    }
    await post('/complaints/P-1/close');
    await post('/complaints/P-1/satisfaction', { respondent: { contactId: 'A', role: 'user' }, score: 1 });
    await post('/complaints/P-2/resolution', { resolutionType: 'refund', summary: 's', onTheSpot: false });
    await post('/complaints/P-2/callbacks', { reached: true, attitude: 'dissatisfied' });
    await eventually(async () => (await changes()).at(-1) === 'warning');
    const recorded = (await changes()).length;

    // Redis loses the service's keys; the facts are rebuilt from the first event, and the
    // rebuild has got as far as the events of P-1 only.
    for (const serviceRunner of service.app.get<ProjectionRunner[]>(PROJECTION_RUNNERS)) {
      await serviceRunner.stop();
    }
    await deleteRedisKeys(service.config.redisUrl, service.config.redisPrefix);
    const events: RecordedEvent[] = await store.readAll({ maxCount: 1000 });
    const firstComplaint = events.filter(
      (event) =>
        event.streamId === 'complaint-P-1' && customerRiskProjection.eventTypes!.includes(event.type),
    );
    const keyPrefix = projectionKeys(service.config.redisPrefix, customerRiskProjection.name).readModel('0');
    const tx = redis.multi();
    const afterCommit = await customerRiskProjection.project(firstComplaint, { redis, tx, keyPrefix });
    const results = (await tx.exec())!;
    await afterCommit?.(results.map(([, reply]) => reply));
    // What the partial read model says: not what was recorded.
    const risks = new CustomerRiskQuery(redis, () => Promise.resolve(keyPrefix));
    expect((await risks.assess('CU-P', Date.now()))?.level).toBe('watch');
    expect(await readModelComplete(redis, service.config.redisPrefix, customerRiskProjection.name)).toBe(
      false,
    );
    expect(await service.app.get(RiskReactor).evaluate('CU-P')).toBe(false);
    await settle(); // the reactor's passes and sweeps run meanwhile
    expect(await changes()).toHaveLength(recorded);

    // The rebuild catches up (from a clean slate): the level is the one recorded, nothing to record.
    await deleteRedisKeys(service.config.redisUrl, service.config.redisPrefix);
    const rebuilt = startRunner();
    await rebuilt.waitFor(await store.headPosition());
    await eventually(() => readModelComplete(redis, service.config.redisPrefix, customerRiskProjection.name));
    expect((await risks.assess('CU-P', Date.now()))?.level).toBe('warning');
    await settle();
    expect(await changes()).toHaveLength(recorded);

    // A forced version upgrade: the new version builds beside the active read model.
    await rebuilt.stop();
    await redis.set(
      projectionKeys(service.config.redisPrefix, customerRiskProjection.name).version('0'),
      '1',
    );
    const upgraded = startRunner();
    await eventually(
      async () =>
        (await redis.get(
          projectionKeys(service.config.redisPrefix, customerRiskProjection.name).generation,
        )) === '1',
    );
    await upgraded.waitFor(await store.headPosition());
    await settle();
    expect(await changes()).toHaveLength(recorded);

    // A real change is recorded, once: a survey of 5 is the latest now (warning -> watch).
    await post('/complaints/P-1/satisfaction', { respondent: { contactId: 'B', role: 'user' }, score: 5 });
    await eventually(async () => (await changes()).length === recorded + 1);
    await settle();
    expect((await changes()).slice(recorded)).toEqual(['watch']);
  });
});
