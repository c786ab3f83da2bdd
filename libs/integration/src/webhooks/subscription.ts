import { DomainError, type Decider } from '@cl/domain';
import { withData, type RecordedEvent } from '@cl/event-store';

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
        /**
         * The actor that created it (subscription-ownership.ts). Absent from subscriptions
         * created before it was recorded: their owner is the actor in the event's metadata
         * (see withRecordedOwner).
         */
        ownerId?: string;
      };
    }
  /** The same secret sealed again in the current format (secret-box.ts); the latest one counts. */
  | { type: 'SubscriptionSecretResealed'; data: { subscriptionId: string; encryptedSecret: string } }
  | { type: 'SubscriptionReplayRequested'; data: { subscriptionId: string; fromPosition: string } }
  | { type: 'SubscriptionDeleted'; data: { subscriptionId: string } }
  | { type: 'SubscriptionProgressRecorded'; data: { subscriptionId: string } & SubscriptionProgress };

/**
 * Where a subscription's delivery stood when it was last recorded in its stream (by the
 * delivery, every WEBHOOK_CHECKPOINT_EVERY events or WEBHOOK_CHECKPOINT_SECONDS and at every
 * change of status): what delivery resumes from when its state in Redis is lost or belongs to
 * another history.
 */
export interface SubscriptionProgress {
  /** The replay this progress belongs to (a later replay starts again from its fromPosition). */
  replays: number;
  /** Every selected event up to here was delivered or dead-lettered. */
  deliveredUpTo: string;
  status: 'active' | 'failing';
  /**
   * Set while failing: every selected event after this position was dead-lettered (pass it
   * to a replay as `fromPosition`); null while active.
   */
  deadLetteredFrom: string | null;
}

export interface Subscription {
  subscriptionId: string;
  /** The actor that created it; null only when folded without withRecordedOwner (see there). */
  ownerId: string | null;
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
  /** The latest progress recorded for the current replay; null before the first one. */
  progress: SubscriptionProgress | null;
}

export type SubscriptionState = Subscription | undefined;

export function evolveSubscription(
  state: SubscriptionState,
  event: SubscriptionEvent & { occurredAt: string },
): SubscriptionState {
  switch (event.type) {
    case 'SubscriptionCreated':
      return {
        ...event.data,
        ownerId: event.data.ownerId ?? null,
        replays: 0,
        createdAt: event.occurredAt,
        deleted: false,
        progress: null,
      };
    case 'SubscriptionSecretResealed':
      return state && { ...state, encryptedSecret: event.data.encryptedSecret };
    case 'SubscriptionReplayRequested':
      return (
        state && {
          ...state,
          fromPosition: event.data.fromPosition,
          replays: state.replays + 1,
          progress: null,
        }
      );
    case 'SubscriptionDeleted':
      return state && { ...state, deleted: true };
    case 'SubscriptionProgressRecorded': {
      const { replays, deliveredUpTo, status, deadLetteredFrom } = event.data;
      // Progress of an earlier replay's sequence (recorded as the replay came in) is past.
      if (!state || replays !== state.replays) return state;
      return { ...state, progress: { replays, deliveredUpTo, status, deadLetteredFrom } };
    }
  }
}

/**
 * A stored subscription event as evolve should see it: a SubscriptionCreated recorded before
 * owners were, gets its owner from the actor in its metadata (who created it).
 */
export function withRecordedOwner(event: RecordedEvent): RecordedEvent {
  if (event.type !== 'SubscriptionCreated' || 'ownerId' in event.data) return event;
  const actor = event.metadata.actor as { id?: unknown } | undefined;
  if (typeof actor?.id !== 'string') return event;
  return withData(event, { ...event.data, ownerId: actor.id });
}

/** Records the delivery's progress, unless the subscription was deleted or replayed meanwhile. */
export function decideProgress(
  state: SubscriptionState,
  progress: SubscriptionProgress,
): SubscriptionEvent[] {
  if (!state || state.deleted || state.replays !== progress.replays) return [];
  return [
    { type: 'SubscriptionProgressRecorded', data: { subscriptionId: state.subscriptionId, ...progress } },
  ];
}

/** Seals the subscription's secret again in the current format, unless it is deleted or already resealed. */
export function decideReseal(
  state: SubscriptionState,
  reseal: (subscription: Subscription) => string | undefined,
): SubscriptionEvent[] {
  if (!state || state.deleted) return [];
  const encryptedSecret = reseal(state);
  if (encryptedSecret === undefined) return [];
  return [
    { type: 'SubscriptionSecretResealed', data: { subscriptionId: state.subscriptionId, encryptedSecret } },
  ];
}

/** What the API asks of a subscription. */
export type SubscriptionCommand =
  /** The service decided the whole event (ids, the sealed secret): it starts the stream. */
  | { type: 'create'; created: Extract<SubscriptionEvent, { type: 'SubscriptionCreated' }>['data'] }
  | { type: 'replay'; fromPosition: string }
  | { type: 'delete' };

export type SubscriptionDecider = Decider<SubscriptionCommand, SubscriptionEvent, SubscriptionState>;

/** The subscriptions slice as one decider (the API's commands; the delivery records progress on its own). */
export const subscriptionDecider: SubscriptionDecider = {
  decide: (command, state) => {
    switch (command.type) {
      case 'create':
        return [{ type: 'SubscriptionCreated', data: command.created }];
      case 'replay':
        return decideReplay(state, command.fromPosition);
      case 'delete':
        return decideDelete(state);
    }
  },
  evolve: evolveSubscription,
  initialState: undefined,
};

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
