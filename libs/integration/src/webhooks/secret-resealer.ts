import type { EventStore } from '@cl/event-store';
import { SecretBox, UnreadableSecretError } from './secret-box';
import { SUBSCRIPTION_STREAM_PREFIX } from './subscription';
import type { SubscriptionStreams } from './subscription-loader';

const PAGE = 1000;

/**
 * Seals again, in the current format, every subscription secret stored in an older one
 * (v1: not bound to its subscription). The log is immutable: each such subscription's stream
 * gets a SubscriptionSecretResealed with the same secret in the new form, appended at the
 * revision it was read at. Processes starting together race harmlessly: the loser decides
 * again on the stream, finds the secret resealed and writes nothing.
 * Reads the subscription streams' creation, reseal and deletion events once (the same
 * selection the delivery follows). Answers how many were resealed.
 */
export async function resealOutdatedSecrets(
  store: EventStore,
  subscriptions: SubscriptionStreams,
  secrets: SecretBox,
): Promise<number> {
  const outdated = new Set<string>();
  let after = 0n;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: PAGE,
      filter: {
        streamPrefix: SUBSCRIPTION_STREAM_PREFIX,
        eventTypes: ['SubscriptionCreated', 'SubscriptionSecretResealed', 'SubscriptionDeleted'],
      },
    });
    for (const event of page) {
      const { subscriptionId, encryptedSecret } = event.data as {
        subscriptionId?: string;
        encryptedSecret?: string;
      };
      if (typeof subscriptionId !== 'string') continue;
      if (typeof encryptedSecret === 'string' && SecretBox.isOutdated(encryptedSecret)) {
        outdated.add(subscriptionId);
      } else {
        outdated.delete(subscriptionId);
      }
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].position;
  }
  let resealed = 0;
  const unreadable: string[] = [];
  for (const subscriptionId of outdated) {
    try {
      const appended = await subscriptions.recordResealedSecret(subscriptionId, (subscription) =>
        SecretBox.isOutdated(subscription.encryptedSecret)
          ? secrets.seal(secrets.open(subscription.encryptedSecret, subscriptionId), subscriptionId)
          : undefined,
      );
      if (appended) resealed++;
    } catch (error) {
      // One that does not open (another key?) stays as it is; the others are resealed.
      if (!(error instanceof UnreadableSecretError)) throw error;
      unreadable.push(subscriptionId);
    }
  }
  if (unreadable.length > 0) {
    throw new UnreadableSecretError(
      `Resealed ${resealed} subscription secret(s); these do not open with this key and stay as they were: ${unreadable.join(', ')}`,
    );
  }
  return resealed;
}
