import { DomainError } from '@cl/domain';

/**
 * A webhook subscription as recorded in its own stream, `subscription-<id>` (internal: never
 * published). The secret is stored only encrypted (see secret-box.ts).
 */
export const subscriptionStreamId = (subscriptionId: string) => `subscription-${subscriptionId}`;
export const SUBSCRIPTION_STREAM_PREFIX = 'subscription-';

export type SubscriptionEvent =
  | {
      type: 'SubscriptionCreated';
      data: {
        subscriptionId: string;
        url: string;
        eventTypes: string[] | null;
        streamPrefix: string | null;
        fromPosition: string;
        encryptedSecret: string;
      };
    }
  | { type: 'SubscriptionReplayRequested'; data: { subscriptionId: string; fromPosition: string } }
  | { type: 'SubscriptionDeleted'; data: { subscriptionId: string } };

export interface Subscription {
  subscriptionId: string;
  url: string;
  eventTypes: string[] | null;
  streamPrefix: string | null;
  /** Deliveries start after this position (the latest replay's, or the creation's). */
  fromPosition: string;
  /** How many replays were requested: each one restarts delivery from its fromPosition. */
  replays: number;
  encryptedSecret: string;
  createdAt: string;
  deleted: boolean;
}

export type SubscriptionState = Subscription | undefined;

export function evolveSubscription(
  state: SubscriptionState,
  event: SubscriptionEvent & { occurredAt: string },
): SubscriptionState {
  switch (event.type) {
    case 'SubscriptionCreated':
      return { ...event.data, replays: 0, createdAt: event.occurredAt, deleted: false };
    case 'SubscriptionReplayRequested':
      return state && { ...state, fromPosition: event.data.fromPosition, replays: state.replays + 1 };
    case 'SubscriptionDeleted':
      return state && { ...state, deleted: true };
  }
}

export function decideReplay(state: SubscriptionState, fromPosition: string): SubscriptionEvent[] {
  const subscription = existing(state);
  return [
    {
      type: 'SubscriptionReplayRequested',
      data: { subscriptionId: subscription.subscriptionId, fromPosition },
    },
  ];
}

export function decideDelete(state: SubscriptionState): SubscriptionEvent[] {
  const subscription = existing(state);
  return [{ type: 'SubscriptionDeleted', data: { subscriptionId: subscription.subscriptionId } }];
}

function existing(state: SubscriptionState): Subscription {
  if (!state || state.deleted) throw new DomainError('not_found', 'Subscription not found');
  return state;
}
