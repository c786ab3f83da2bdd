import { randomBytes, randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, EventToAppend } from '@cl/event-store';
import { resealSecret, SecretBox, SubscriptionStreams, UnreadableSecretError } from '@cl/integration';
import { appendChained } from '../support/chained-events';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { sealV1 } from '../support/legacy-secret';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp } from '../support/test-app';
import { eventually, signatureValid, startReceiver } from '../support/webhook-receiver';

/**
 * Subscription secrets sealed in the v1 format (before v2 bound them to their subscription)
 * and subscriptions recorded before their owner was: both still work. The delivery, as it
 * reads the subscription streams (at start, then as they grow), reseals every v1 secret as v2
 * in its stream, the same secret (deliveries stay signed with it), once: not again at a
 * restart, and not twice when processes race.
 */
describe('subscriptions recorded before v2 secrets and owners (a restart on the same DATA_DIR)', () => {
  const SECOND_TOKEN = 'integrator-two-token-0123456789abcdef';
  const integrator = { token: TOKENS.integrator };
  const dir = makeTempDir('reseal');
  const key = randomBytes(32);
  const env = {
    API_KEYS: `${API_KEYS},integrator:${SECOND_TOKEN}`,
    DATA_DIR: dir.path,
    SUBSCRIPTION_SECRET_KEY: key.toString('base64'),
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
  };
  const complaintEvents = (count: number): EventToAppend[] =>
    Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type: 'ComplaintNoted',
      data: { index },
      metadata: {},
    }));
  /** Records a subscription as the service did before: a v1 secret, its owner only in the metadata. */
  const recordLegacySubscription = (store: EventStore, ownerId: string, url: string, secret: string) => {
    const subscriptionId = randomUUID();
    return store.headPosition().then(async (head) => {
      await appendChained(
        store,
        `subscription-${subscriptionId}`,
        [
          {
            type: 'SubscriptionCreated',
            data: {
              subscriptionId,
              url,
              eventTypes: null,
              streamPrefix: 'complaint-R-',
              fromPosition: head.toString(),
              encryptedSecret: sealV1(key, secret),
            },
          },
        ],
        { id: ownerId, role: 'integrator' },
      );
      return subscriptionId;
    });
  };
  const resealed = async (store: EventStore, subscriptionId: string) =>
    (await store.readStream(`subscription-${subscriptionId}`)).filter(
      (event) => event.type === 'SubscriptionSecretResealed',
    );

  afterAll(() => dir.remove());

  it('delivers with a v1 secret, reseals it as v2 once (not again at a restart), and still signs with the same secret', async () => {
    const receiver = await startReceiver();
    try {
      await provenThroughARestart(receiver);
    } finally {
      await receiver.close();
    }
  });

  async function provenThroughARestart(receiver: Awaited<ReturnType<typeof startReceiver>>) {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    let service = await startTestApp(env);
    let legacyId: string;
    let ownerId: string;
    try {
      const http = httpClient(service.url);
      const probe = await http('POST', '/subscriptions', {
        ...integrator,
        body: { url: 'http://127.0.0.1:9/p' },
      });
      ownerId = probe.body.ownerId;
      await http('DELETE', `/subscriptions/${probe.body.subscriptionId}`, integrator);
      const store = service.app.get<EventStore>(EVENT_STORE);
      legacyId = await recordLegacySubscription(store, ownerId, receiver.url, secret);

      // Before the restart: the v1 secret opens, the owner comes from the metadata.
      await store.appendToStream('complaint-R-1', complaintEvents(1));
      await eventually(() => receiver.acknowledged.length >= 1, 20_000, 'the delivery with a v1 secret');
      expect(signatureValid(secret, receiver.acknowledged[0])).toBe(true);
      expect((await http('GET', `/subscriptions/${legacyId}`, integrator)).body.ownerId).toBe(ownerId);
      expect((await http('GET', `/subscriptions/${legacyId}`, { token: SECOND_TOKEN })).status).toBe(404);
      // The delivery, which follows the subscription streams, reseals it as soon as it sees it.
      await eventually(async () => (await resealed(store, legacyId)).length === 1, 20_000, 'the reseal');
    } finally {
      await service.stop();
    }

    service = await startTestApp(env);
    try {
      const http = httpClient(service.url);
      const store = service.app.get<EventStore>(EVENT_STORE);
      // The restart reads the stream from the first event again, and writes no second reseal.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await resealed(store, legacyId)).toHaveLength(1);
      const [event] = await resealed(store, legacyId);
      const v2 = (event.data as { encryptedSecret: string }).encryptedSecret;
      expect(v2).toMatch(/^v2\./);
      const box = new SecretBox(key);
      expect(box.open(v2, legacyId)).toBe(secret);
      // Copied into another subscription's record, it would not open there.
      expect(() => box.open(v2, randomUUID())).toThrow(UnreadableSecretError);

      // Deliveries after the reseal are signed with the same secret.
      const before = receiver.acknowledged.length;
      await store.appendToStream('complaint-R-2', complaintEvents(2));
      const expected = (await store.readStream('complaint-R-2')).map((recorded) => recorded.id);
      await eventually(
        () => expected.every((id) => receiver.acknowledged.some((call) => call.id === id)),
        20_000,
        'the deliveries after the reseal',
      );
      for (const call of receiver.acknowledged.slice(before)) expect(signatureValid(secret, call)).toBe(true);

      // Its owner (from the metadata) lists it; no one else sees it.
      const listed = await http('GET', '/subscriptions', integrator);
      expect(listed.body.items.map((item: { subscriptionId: string }) => item.subscriptionId)).toEqual([
        legacyId,
      ]);
      expect((await http('GET', '/subscriptions', { token: SECOND_TOKEN })).body.items).toEqual([]);

      // Recorded while the service runs, and resealed at once by two more processes besides
      // the service's delivery (which follows the subscription streams): one of all writes.
      const another = await recordLegacySubscription(store, ownerId, 'http://127.0.0.1:9/r', secret);
      const appended = await Promise.all([
        resealSecret(new SubscriptionStreams(store), box, another),
        resealSecret(new SubscriptionStreams(store), box, another),
      ]);
      expect(appended.filter(Boolean).length).toBeLessThanOrEqual(1);
      await eventually(async () => (await resealed(store, another)).length === 1, 20_000, 'the reseal');
      expect(await resealSecret(new SubscriptionStreams(store), box, legacyId)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await resealed(store, another)).toHaveLength(1);
      expect(await resealed(store, legacyId)).toHaveLength(1);
    } finally {
      await service.stop();
    }
  }
});
