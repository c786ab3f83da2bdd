import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, EventToAppend } from '@cl/event-store';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import {
  eventually,
  firstArrivals,
  LOCAL_RECEIVERS,
  signatureValid,
  startReceiver,
} from '../support/webhook-receiver';

/**
 * Webhook subscriptions against the real service (ROLE=all: API and delivery in one process),
 * a real SQLite store, the real Redis and BullMQ, and real HTTP receivers on 127.0.0.1.
 */
describe('webhooks (SQLite, Redis, BullMQ, real receivers)', () => {
  const integrator = { token: TOKENS.integrator };
  const events = (count: number, type = 'ComplaintNoted'): EventToAppend[] =>
    Array.from({ length: count }, (_, index) => ({ id: randomUUID(), type, data: { index }, metadata: {} }));

  describe('with the default dead-letter time', () => {
    let service: Awaited<ReturnType<typeof startTestApp>>;
    let http: ReturnType<typeof httpClient>;
    let store: EventStore;

    beforeAll(async () => {
      service = await startTestApp({ API_KEYS, ...LOCAL_RECEIVERS });
      http = httpClient(service.url);
      store = service.app.get<EventStore>(EVENT_STORE);
    });
    afterAll(() => service.stop());

    it('signs, retries a failing endpoint until it recovers (in order), and never delays a healthy one', async () => {
      // The flaky endpoint fails its first 3 calls (it is down for about 1 + 2 + 4 s of back-off).
      const flaky = await startReceiver((call) => (call <= 3 ? 503 : 200));
      const healthy = await startReceiver();
      const subscribe = (url: string) =>
        http('POST', '/subscriptions', { ...integrator, body: { url, streamPrefix: 'complaint-W-' } });
      const [a, b] = [await subscribe(flaky.url), await subscribe(healthy.url)];
      expect(a.status).toBe(201);
      expect(a.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(a.body).toMatchObject({ status: 'active', url: flaky.url, streamPrefix: 'complaint-W-' });
      // The secret is shown once: never again, and never stored in clear.
      const read = await http('GET', `/subscriptions/${a.body.subscriptionId}`, integrator);
      expect(read.status).toBe(200);
      expect(read.body.secret).toBeUndefined();
      const stored = await store.readStream(`subscription-${a.body.subscriptionId}`);
      expect(JSON.stringify(stored.map((event) => event.data))).not.toContain(a.body.secret.slice(6));

      const appendedAt = Date.now();
      await store.appendToStream('complaint-W-1', events(10));
      await store.appendToStream('complaint-other', events(2)); // not selected
      await store.appendToStream('complaint-W-2', events(10));
      const expected = (await store.readAll({ maxCount: 10_000 }))
        .filter((event) => event.streamId.startsWith('complaint-W-'))
        .map((event) => event.id);

      await eventually(() => healthy.acknowledged.length >= 20, 20_000, 'the healthy endpoint');
      const healthyDoneAt = Date.now();
      await eventually(() => flaky.acknowledged.length >= 20, 30_000, 'the flaky endpoint');
      const flakyRecoveredAt = flaky.acknowledged[0].receivedAt;

      expect(firstArrivals(healthy.calls)).toEqual(expected);
      expect(healthy.calls).toHaveLength(20);
      expect(firstArrivals(flaky.calls)).toEqual(expected);
      expect(flaky.acknowledged.map((call) => call.id)).toEqual(expected);
      // Retries of the first event only (in order: nothing after it was sent before it succeeded).
      expect(flaky.calls.slice(0, 4).map((call) => call.id)).toEqual(Array(4).fill(expected[0]));
      for (const call of healthy.calls) expect(signatureValid(b.body.secret, call)).toBe(true);
      for (const call of flaky.calls) expect(signatureValid(a.body.secret, call)).toBe(true);
      expect(signatureValid(a.body.secret, healthy.calls[0])).toBe(false);
      // The back-off doubles: 1 s, then 2 s, then 4 s.
      const gaps = flaky.calls
        .slice(0, 4)
        .map((call, i, all) => (i === 0 ? 0 : call.receivedAt - all[i - 1].receivedAt));
      expect(gaps[2]).toBeGreaterThan(gaps[1]);
      expect(gaps[3]).toBeGreaterThan(gaps[2]);
      // The healthy endpoint had everything long before the flaky one recovered.
      expect(healthyDoneAt).toBeLessThan(flakyRecoveredAt);
      console.log(`healthy endpoint: all 20 events ${healthyDoneAt - appendedAt} ms after the append`);

      const log = await http('GET', `/subscriptions/${a.body.subscriptionId}/deliveries`, integrator);
      expect(log.status).toBe(200);
      const outcomes = (
        log.body.deliveries as { outcome: string; attempt: number; result: string }[]
      ).reverse();
      expect(outcomes.slice(0, 4).map((entry) => [entry.outcome, entry.attempt, entry.result])).toEqual([
        ['failed', 1, 'http_503'],
        ['failed', 2, 'http_503'],
        ['failed', 3, 'http_503'],
        ['delivered', 4, 'http_200'],
      ]);
      // Coarse outcomes only: no error texts, no durations.
      expect(Object.keys(outcomes[0]).sort()).toEqual([
        'at',
        'attempt',
        'eventId',
        'outcome',
        'position',
        'result',
        'type',
      ]);
      const metrics = await http('GET', '/metrics', { token: null });
      expect(metrics.text).toMatch(/^cl_webhook_deliveries_total\{outcome="delivered"\} 40$/m);
      expect(metrics.text).toMatch(/^cl_webhook_deliveries_total\{outcome="failed"\} 3$/m);
      expect(metrics.text).toMatch(/^cl_webhook_tries_total\{result="http_200"\} 40$/m);
      expect(metrics.text).toMatch(/^cl_webhook_tries_total\{result="http_503"\} 3$/m);
      expect(metrics.text).toMatch(/^cl_queue_jobs\{queue="webhooks",state="active"\} \d+$/m);
      await Promise.all([flaky.close(), healthy.close()]);
    });

    it('refuses bad subscriptions with 400, unknown ones with 404, and other roles with 403', async () => {
      for (const body of [
        { url: 'ftp://example.com/hook' },
        { url: 'not a url' },
        { url: 'file:///etc/passwd' },
        {},
        { url: 'http://127.0.0.1/x', eventTypes: [] },
        { url: 'http://127.0.0.1/x', fromPosition: '-1' },
        { url: 'http://127.0.0.1/x', extra: 1 },
      ]) {
        const answer = await http('POST', '/subscriptions', { ...integrator, body });
        expect([body, answer.status]).toEqual([body, 400]);
      }
      const unknown = randomUUID();
      expect((await http('GET', `/subscriptions/${unknown}`, integrator)).status).toBe(404);
      expect((await http('DELETE', `/subscriptions/${unknown}`, integrator)).status).toBe(404);
      expect(
        (
          await http('POST', `/subscriptions/${unknown}/replay`, {
            ...integrator,
            body: { fromPosition: '0' },
          })
        ).status,
      ).toBe(404);
      expect(
        (await http('POST', '/subscriptions', { token: TOKENS.agent, body: { url: 'http://x/' } })).status,
      ).toBe(403);
      const created = await http('POST', '/subscriptions', {
        ...integrator,
        body: { url: 'http://127.0.0.1:9/x' },
      });
      expect((await http('DELETE', `/subscriptions/${created.body.subscriptionId}`, integrator)).status).toBe(
        204,
      );
      expect((await http('GET', `/subscriptions/${created.body.subscriptionId}`, integrator)).status).toBe(
        404,
      );
    });
  });

  describe('with a dead-letter time of 1.8 s', () => {
    let service: Awaited<ReturnType<typeof startTestApp>>;
    let http: ReturnType<typeof httpClient>;
    let store: EventStore;

    beforeAll(async () => {
      service = await startTestApp({ API_KEYS, WEBHOOK_DEAD_LETTER_HOURS: '0.0005', ...LOCAL_RECEIVERS });
      http = httpClient(service.url);
      store = service.app.get<EventStore>(EVENT_STORE);
    });
    afterAll(() => service.stop());

    it('dead-letters in order, keeps dead-lettering new events untried, and a replay sends them all again', async () => {
      const receiver = await startReceiver(() => 500);
      const created = await http('POST', '/subscriptions', {
        ...integrator,
        body: { url: receiver.url, streamPrefix: 'complaint-D-' },
      });
      const id = created.body.subscriptionId as string;
      const start = created.body.fromPosition as string;
      await store.appendToStream('complaint-D-1', events(5));
      await eventually(
        async () => (await http('GET', `/subscriptions/${id}`, integrator)).body.status === 'failing',
        20_000,
        'status failing',
      );
      const callsWhenFailing = receiver.calls.length;
      await store.appendToStream('complaint-D-1', events(3));
      const all = (await store.readStream('complaint-D-1')).map((event) => event.id);
      const deadLettered = async () =>
        (
          (await http('GET', `/subscriptions/${id}/deliveries?limit=1000`, integrator)).body.deliveries as {
            outcome: string;
            eventId: string;
          }[]
        )
          .filter((entry) => entry.outcome === 'dead_lettered')
          .map((entry) => entry.eventId)
          .reverse();
      await eventually(async () => (await deadLettered()).length === 8, 10_000, 'eight dead letters');
      expect(await deadLettered()).toEqual(all);
      // Only the first event was ever tried; the later ones went to the log untried.
      expect(new Set(receiver.calls.map((call) => call.id))).toEqual(new Set([all[0]]));
      expect(receiver.calls.length).toBe(callsWhenFailing);

      receiver.answerWith(() => 200);
      const replay = await http('POST', `/subscriptions/${id}/replay`, {
        ...integrator,
        body: { fromPosition: start },
      });
      expect(replay.status).toBe(202);
      expect(replay.body.status).toBe('active');
      await eventually(() => receiver.acknowledged.length >= 8, 20_000, 'the replay');
      await store.appendToStream('complaint-D-1', events(2));
      await eventually(() => receiver.acknowledged.length >= 10, 20_000, 'new events after the replay');
      const final = (await store.readStream('complaint-D-1')).map((event) => event.id);
      expect(receiver.acknowledged.map((call) => call.id)).toEqual(final);
      expect((await http('GET', `/subscriptions/${id}`, integrator)).body.status).toBe('active');
      await receiver.close();
    });
  });
});
