import { randomUUID } from 'node:crypto';
import { chainEvents, emptyStream, foldStored, laterOf, type Actor, type LoadedStream } from '@cl/commands';
import { fromMs, toOccurred } from '@cl/domain';
import { WrongExpectedRevisionError, type EventStore } from '@cl/event-store';
import {
  decideProgress,
  decideReseal,
  evolveSubscription,
  subscriptionStreamId,
  withRecordedOwner,
  type Subscription,
  type SubscriptionEvent,
  type SubscriptionProgress,
  type SubscriptionState,
} from './subscription';

/** How long a progress record waits for the others of its moment (see SubscriptionStreams.gather). */
const GATHER_MS = 20;

/** The actor of the progress the delivery records in a subscription's stream. */
export const WEBHOOKS_ACTOR: Actor = { id: 'webhooks', role: 'system' };

/** A subscription folded from its stream (undefined when it was never created). */
export async function loadSubscription(
  store: EventStore,
  subscriptionId: string,
): Promise<SubscriptionState> {
  const events = await store.readStream(subscriptionStreamId(subscriptionId));
  return events.reduce<SubscriptionState>(
    (state, event) => evolveSubscription(state, toOccurred<SubscriptionEvent>(withRecordedOwner(event))),
    undefined,
  );
}

/**
 * Subscriptions folded from their streams, kept folded: a load reads only the events after
 * the last one folded (a stream grows by a progress record every WEBHOOK_CHECKPOINT_EVERY
 * deliveries, so reading it whole at every turn would cost more and more). Each load still
 * reads the store, so it sees every replay and deletion recorded by any process.
 * The delivery records progress here too, chained as every stream is (StreamWriter's way,
 * on the folded state instead of a whole read).
 */
export class SubscriptionStreams {
  private readonly folded = new Map<string, LoadedStream<SubscriptionState>>();
  private gathering?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly capacity = 10_000,
  ) {}

  async load(subscriptionId: string): Promise<SubscriptionState> {
    return (await this.loaded(subscriptionId)).state;
  }

  /**
   * Appends a SubscriptionProgressRecorded, unless the subscription was deleted or replayed
   * since (then false: the progress belongs to a sequence that is over).
   */
  async recordProgress(subscriptionId: string, progress: SubscriptionProgress): Promise<boolean> {
    await this.gather();
    return this.append(subscriptionId, (state) => decideProgress(state, progress));
  }

  /**
   * Appends a SubscriptionSecretResealed with what `reseal` answers for the subscription's
   * current secret (undefined: nothing to do). False when nothing was appended: deleted,
   * already resealed, or another process resealed it first (it decides again on that).
   */
  async recordResealedSecret(
    subscriptionId: string,
    reseal: (subscription: Subscription) => string | undefined,
  ): Promise<boolean> {
    return this.append(subscriptionId, (state) => decideReseal(state, reseal));
  }

  private async append(
    subscriptionId: string,
    decide: (state: SubscriptionState) => SubscriptionEvent[],
  ): Promise<boolean> {
    const streamId = subscriptionStreamId(subscriptionId);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const loaded = await this.loaded(subscriptionId);
      const decided = decide(loaded.state);
      if (decided.length === 0) return false;
      const occurredAt = laterOf(loaded.lastOccurredAt, fromMs(Date.now()));
      const id = randomUUID();
      const { events } = chainEvents(streamId, loaded.revision, loaded.lastHash, decided, {
        occurredAt,
        actor: WEBHOOKS_ACTOR,
        correlationId: id,
        causationId: id,
        eventIds: [id],
      });
      try {
        await this.store.appendToStream(streamId, events, { expectedRevision: loaded.revision });
        return true;
      } catch (error) {
        // Another process wrote the stream meanwhile (a replay, a deletion, a reseal): decide again on it.
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    return false;
  }

  /**
   * Resolves at the end of a short window shared by every record asked for meanwhile, so that
   * their appends reach the store together: one group commit, and one wake-up of every reader
   * following the log in this process (projections, the sealer, the delivery's own
   * followers), instead of one per subscription. Busy subscriptions reach their counts at
   * about the same moments; each wake-up costs every follower a read and a commit.
   */
  private gather(): Promise<void> {
    this.gathering ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        this.gathering = undefined;
        resolve();
      }, GATHER_MS),
    );
    return this.gathering;
  }

  private async loaded(subscriptionId: string): Promise<LoadedStream<SubscriptionState>> {
    const cached = this.folded.get(subscriptionId);
    const events = await this.store.readStream(
      subscriptionStreamId(subscriptionId),
      cached ? { fromRevision: cached.revision + 1 } : {},
    );
    let loaded = cached ?? emptyStream<SubscriptionState>(undefined);
    for (const event of events) loaded = foldStored(loaded, withRecordedOwner(event), evolveSubscription);
    this.folded.delete(subscriptionId);
    if (loaded.revision >= 0) this.folded.set(subscriptionId, loaded);
    if (this.folded.size > this.capacity) this.folded.delete(this.folded.keys().next().value!);
    return loaded;
  }
}
