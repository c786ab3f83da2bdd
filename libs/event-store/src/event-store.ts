import type { ExpectedRevision } from './expected-revision';
import type { EventSubscription } from './event-subscription';
import type { EventToAppend, JsonObject, RecordedEvent } from './recorded-event';

/**
 * The one port every part of the service uses to write and read events.
 * Adapters: `SqliteEventStore` (embedded default) and `EsdbEventStore` (EventStoreDB).
 * Both pass the contract suite in test/event-store.
 */
export interface EventStore {
  /**
   * Appends all events or none. Idempotent by event id: appending events whose ids are
   * already in the stream at those revisions succeeds and writes nothing.
   * @throws EventStoreValidationError for bad input (nothing written)
   * @throws WrongExpectedRevisionError when the stream is not at `expectedRevision`
   */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /** Events of one stream; an empty list for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** The stream's last revision, or -1 when it has no events. */
  streamRevision(streamId: string): Promise<number>;

  /**
   * The stream's event with this id, or undefined. Events recorded before `recordedAfter`
   * may be left unsearched (EventStoreDB has no index by event id: it reads the stream
   * backwards down to that time; SQLite looks the id up in its index).
   */
  findEvent(
    streamId: string,
    eventId: string,
    options?: FindEventOptions,
  ): Promise<RecordedEvent | undefined>;

  /** One page of every stream's events in global position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Every event after `after`, in order: first the stored ones (catch-up), then new ones
   * as they are appended (live), with no gap and no duplicate across the switch.
   */
  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription;

  /** Position of the last event in the store, 0n when it is empty. */
  headPosition(): Promise<bigint>;

  close(): Promise<void>;
}

export interface AppendOptions {
  /** Defaults to `any`. */
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append: pass it as the next expectedRevision. */
  nextExpectedRevision: number;
  /** Global position of the last event of this append. */
  position: bigint;
}

export interface FindEventOptions {
  /** Only events recorded after this time need to be searched. */
  recordedAfter?: Date;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first revision (forwards) or the last (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface EventFilter {
  /** Exact event type names. */
  eventTypes?: readonly string[];
  /** Only streams whose id starts with this. */
  streamPrefix?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position greater than this. Defaults to 0n (the start). */
  after?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: events with a position greater than this. Defaults to 0n (the start). */
  after?: bigint;
  filter?: EventFilter;
}

export type { JsonObject };
