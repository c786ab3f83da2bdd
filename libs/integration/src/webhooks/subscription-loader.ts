import { toOccurred } from '@cl/domain';
import type { EventStore } from '@cl/event-store';
import {
  evolveSubscription,
  subscriptionStreamId,
  type SubscriptionEvent,
  type SubscriptionState,
} from './subscription';

/** A subscription folded from its stream (undefined when it was never created). */
export async function loadSubscription(
  store: EventStore,
  subscriptionId: string,
): Promise<SubscriptionState> {
  const events = await store.readStream(subscriptionStreamId(subscriptionId));
  return events.reduce<SubscriptionState>(
    (state, event) => evolveSubscription(state, toOccurred<SubscriptionEvent>(event)),
    undefined,
  );
}
