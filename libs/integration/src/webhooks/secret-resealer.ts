import { SecretBox } from './secret-box';
import type { SubscriptionStreams } from './subscription-loader';

/**
 * Seals a subscription's secret again in the current format when its stream still holds it
 * in an older one (v1: not bound to its subscription). The log is immutable: the stream gets a
 * SubscriptionSecretResealed with the same secret in the new form, appended at the revision it
 * was read at. Processes starting together race harmlessly: the loser decides again on the
 * stream, finds the secret resealed and writes nothing. True when this call appended.
 * @throws UnreadableSecretError when the secret does not open with this key (it stays as it is)
 */
export function resealSecret(
  subscriptions: SubscriptionStreams,
  secrets: SecretBox,
  subscriptionId: string,
): Promise<boolean> {
  return subscriptions.recordResealedSecret(subscriptionId, (subscription) =>
    SecretBox.isOutdated(subscription.encryptedSecret)
      ? secrets.seal(secrets.open(subscription.encryptedSecret, subscriptionId), subscriptionId)
      : undefined,
  );
}
