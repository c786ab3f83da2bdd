import type { PublishedEvent } from '@cl/audit';
import { ERASED, withSealedFields, type DataKeyStore } from '@cl/personal-data';
import { DATA_KEYS } from '@cl/personal-data/nest';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { TOKENS } from '../support/http-client';
import { openSse } from '../support/sse-client';
import { expectHashesRecompute } from '../support/recompute-hashes';
import { redisValuesUnder } from '../support/redis-values';
import { expectOk, useTestApp } from '../support/test-app';
import { eventually, LOCAL_RECEIVERS, startReceiver } from '../support/webhook-receiver';

/**
 * Every place that shows events to people or to other services (the complaint view, the audit
 * history and time travel, the customer history, the feed, the live stream, webhooks) shows
 * personal fields in clear while the customer's key exists and "[erased]" once it is deleted,
 * while the store (and Redis) hold none of them in clear and the chain still verifies.
 * One real service (SQLite, Redis, BullMQ, a real webhook receiver) for the whole file.
 */
describe('personal data on every read path (SQLite, Redis, real server)', () => {
  const service = useTestApp(LOCAL_RECEIVERS);
  const { http } = service;
  const auditor = { token: TOKENS.auditor };
  const integrator = { token: TOKENS.integrator };
  const CUSTOMER = 'CU-PD-1';
  const CLEAR = {
    description: 'pdread description: my card was charged twice',
    summary: 'pdread summary: refunded the second charge',
    notes: 'pdread notes: the customer was happy',
    comment: 'pdread comment: thanks for the refund',
    contactId: 'pdread-contact-4711',
    segment: 'pdread-segment-vip',
  };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let subscriptionId: string;
  /** Every public event of the app, in position order (all of this customer's). */
  let positions: string[];

  beforeAll(async () => {
    receiver = await startReceiver();
    const subscription = await http('POST', '/subscriptions', {
      ...integrator,
      body: { url: receiver.url, fromPosition: '0' },
    });
    expect(subscription.status).toBe(201);
    subscriptionId = subscription.body.subscriptionId;
    const command = (path: string, body: object) =>
      expectOk(http('POST', `/complaints/PD-1${path}`, { body }));
    await expectOk(
      http('POST', '/complaints', {
        body: {
          complaintId: 'PD-1',
          customerId: CUSTOMER,
          channel: 'email',
          category: 'billing',
          severity: 'high',
          description: CLEAR.description,
        },
      }),
    );
    await command('/resolution', {
      resolutionType: 'refund',
      summary: CLEAR.summary,
    });
    await command('/callbacks', {
      reached: true,
      attitude: 'satisfied',
      notes: CLEAR.notes,
    });
    await command('/satisfaction', {
      respondent: { contactId: CLEAR.contactId, role: 'primary' },
      score: 5,
      comment: CLEAR.comment,
    });
    await expectOk(
      http('PUT', `/customers/${CUSTOMER}/profile`, { body: { segment: CLEAR.segment, valueTier: 'A' } }),
    );
    const feed = await http('GET', '/events?after=0&limit=1000', integrator);
    positions = (feed.body.events as PublishedEvent[]).map((event) => event.position);
    expect(positions.length).toBeGreaterThanOrEqual(5);
    await eventually(
      () => new Set(receiver.acknowledged.map((call) => call.event.position)).size >= positions.length,
      20_000,
      'the webhook deliveries',
    );
  });
  afterAll(() => receiver?.close());

  /** Every answer that shows the customer's events, read now. */
  async function answers() {
    const history = await http('GET', '/complaints/PD-1/history', auditor);
    const last = (history.body.events as PublishedEvent[]).length - 1;
    const [view, state, customer, feed] = await Promise.all([
      http('GET', '/complaints/PD-1', auditor),
      http('GET', `/complaints/PD-1/state?revision=${last}`, auditor),
      http('GET', `/customers/${CUSTOMER}/history`, auditor),
      http('GET', '/events?after=0&limit=1000', integrator),
    ]);
    for (const answer of [view, history, state, customer, feed]) expect(answer.status).toBe(200);
    return {
      view: view.body,
      history: history.body.events as PublishedEvent[],
      state: state.body,
      customer: customer.body.events as PublishedEvent[],
      feed: feed.body.events as PublishedEvent[],
      live: await liveEvents(),
    };
  }

  /** The live stream from the start, until it has sent every event of the feed. */
  async function liveEvents(): Promise<PublishedEvent[]> {
    const sse = await openSse(`${service.url}/events/stream?after=0`, {
      authorization: `Bearer ${TOKENS.integrator}`,
    });
    expect(sse.status).toBe(200);
    const events: PublishedEvent[] = [];
    try {
      for await (const frame of sse.frames) {
        if (frame.data !== undefined) events.push(JSON.parse(frame.data) as PublishedEvent);
        if (events.length >= positions.length) break;
      }
    } finally {
      sse.close();
    }
    return events;
  }

  const ofType = (events: PublishedEvent[], type: string) => {
    const found = events.find((event) => event.type === type);
    if (!found) throw new Error(`no ${type} among ${events.map((event) => event.type).join(', ')}`);
    return found.data as Record<string, unknown>;
  };

  /** The personal fields as the published events of a complaint and its customer show them. */
  function shownFields(complaint: PublishedEvent[], customer: PublishedEvent[]) {
    return {
      description: ofType(complaint, 'ComplaintFiled').description,
      summary: ofType(complaint, 'ComplaintResolved').summary,
      notes: ofType(complaint, 'CallbackRecorded').notes,
      comment: ofType(complaint, 'SatisfactionRecorded').comment,
      contactId: (ofType(complaint, 'SatisfactionRecorded').respondent as { contactId: string }).contactId,
      segment: ofType(customer, 'CustomerProfileUpdated').segment,
    };
  }

  const ERASED_ALL = {
    description: ERASED,
    summary: ERASED,
    notes: ERASED,
    comment: ERASED,
    contactId: ERASED,
    segment: ERASED,
  };

  const expectRecomputable = (events: PublishedEvent[]) => void expectHashesRecompute(events);

  const redisValues = () => redisValuesUnder(service.config.redisUrl, service.config.redisPrefix);

  let before: Awaited<ReturnType<typeof answers>>;

  it('shows the personal fields in clear while the key exists, and stores none of them in clear', async () => {
    before = await answers();
    expect(before.view).toMatchObject({
      description: CLEAR.description,
      resolution: { summary: CLEAR.summary },
      satisfaction: [{ respondent: { contactId: CLEAR.contactId } }],
    });
    expect(before.state).toMatchObject({
      description: CLEAR.description,
      resolution: { summary: CLEAR.summary },
    });
    const complaintFeed = before.feed.filter((event) => event.streamId === 'complaint-PD-1');
    const customerFeed = before.feed.filter((event) => event.streamId === `customer-${CUSTOMER}`);
    expect(shownFields(before.history, before.customer)).toEqual(CLEAR);
    expect(shownFields(complaintFeed, customerFeed)).toEqual(CLEAR);
    expect(shownFields(before.live, before.live)).toEqual(CLEAR);
    const webhooks = receiver.acknowledged.map((call) => JSON.parse(call.body) as PublishedEvent);
    expect(shownFields(webhooks, webhooks)).toEqual(CLEAR);
    expect(ofType(before.history, 'SatisfactionRecorded')).toMatchObject({ score: 5 });
    expectRecomputable(before.history);
    expectRecomputable(before.customer);

    // `npm run audit -- export`, in a process of its own, opens them with the keys of DATA_DIR.
    const cli = new LineCollector(
      spawnTypeScript('apps/api/src/audit/audit.cli.ts', ['export', '--stream', 'complaint-PD-1'], {
        DATA_DIR: service.config.dataDir,
      }),
    );
    expect(await cli.exited()).toBe(0);
    const exported = cli.lines.map((line) => JSON.parse(line) as PublishedEvent);
    expect(exported).toEqual(before.history);

    // The store's rows and Redis (read models, webhook jobs and delivery logs) hold none in clear.
    const stored = JSON.stringify(
      [
        ...(await service.store.readStream('complaint-PD-1')),
        ...(await service.store.readStream(`customer-${CUSTOMER}`)),
      ].map((event) => [event.data, event.metadata]),
    );
    expect(stored).toContain('pd1.');
    await service.projectionsCaughtUp();
    const redis = await redisValues();
    for (const clear of Object.values(CLEAR)) {
      expect(stored).not.toContain(clear);
      expect(redis).not.toContain(clear);
    }
  });

  it('shows "[erased]" everywhere once the key is deleted; everything else unchanged, the chain still verifying', async () => {
    expect(await service.app.get<DataKeyStore>(DATA_KEYS).erase(CUSTOMER)).toBeGreaterThan(0);
    const delivered = receiver.calls.length;
    const replay = await http('POST', `/subscriptions/${subscriptionId}/replay`, {
      ...integrator,
      body: { fromPosition: '0' },
    });
    expect(replay.status).toBe(202);

    const after = await answers();
    expect(after.view).toMatchObject({
      description: ERASED,
      resolution: { summary: ERASED },
      satisfaction: [{ respondent: { contactId: ERASED } }],
    });
    expect(after.state).toMatchObject({ description: ERASED, resolution: { summary: ERASED } });
    const complaintFeed = after.feed.filter((event) => event.streamId === 'complaint-PD-1');
    const customerFeed = after.feed.filter((event) => event.streamId === `customer-${CUSTOMER}`);
    expect(shownFields(after.history, after.customer)).toEqual(ERASED_ALL);
    expect(shownFields(complaintFeed, customerFeed)).toEqual(ERASED_ALL);
    expect(shownFields(after.live, after.live)).toEqual(ERASED_ALL);
    await eventually(
      () =>
        new Set(receiver.calls.slice(delivered).map((call) => call.event.position)).size >= positions.length,
      20_000,
      'the replayed deliveries',
    );
    const replayed = receiver.calls.slice(delivered).map((call) => JSON.parse(call.body) as PublishedEvent);
    expect(shownFields(replayed, replayed)).toEqual(ERASED_ALL);

    // Only the personal fields changed: the same events, the same hashes, the same sealed values.
    const erasedIn = (events: PublishedEvent[]) =>
      events.map((event) => ({
        ...event,
        data: event.sealed ? withSealedFields(event.data, event.sealed) : event.data,
      }));
    expect(erasedIn(after.history)).toEqual(erasedIn(before.history));
    expect(erasedIn(after.customer)).toEqual(erasedIn(before.customer));
    expect(erasedIn(after.feed)).toEqual(erasedIn(before.feed));
    expect(after.view).toEqual({
      ...before.view,
      description: ERASED,
      resolution: { ...before.view.resolution, summary: ERASED },
      satisfaction: [{ ...before.view.satisfaction[0], respondent: { contactId: ERASED, role: 'primary' } }],
    });
    expectRecomputable(after.history);
    expectRecomputable(after.customer);
    expect((await http('GET', '/complaints/PD-1/verify', auditor)).body).toMatchObject({
      valid: true,
      events: after.history.length,
    });
    expect((await http('GET', '/audit/verify', auditor)).body).toMatchObject({ valid: true, invalid: [] });
  });
});
