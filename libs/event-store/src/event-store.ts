import type { ExpectedRevision } from './expected-revision';
import type { EventSubscription } from './event-subscription';
import type { EventToAppend, JsonObject, RecordedEvent } from './recorded-event';

/**
 * The one port every part of the service uses to write and read events.
 * Adapters: `SqliteEventStore` (embedded default) and `EsdbEventStore` (EventStoreDB).
 * Both pass the contract suite in test/event-store.
 */
export interface EventStore {
  /** What differs between adapters; the contract suite tests each adapter by these. */
  readonly capabilities: EventStoreCapabilities;

  /**
   * Appends all events or none. Idempotent by event id: appending events whose ids are
   * already in the stream, in order, where this append would put them, succeeds and writes
   * nothing. With an exact revision or `no_stream` that holds on every adapter, however old
   * the events; with `any` or `stream_exists` see `capabilities.durableIdempotenceWithoutRevision`.
   * @throws EventStoreValidationError for bad input (nothing written), also an append whose
   *   events together exceed MAX_APPEND_BYTES
   * @throws WrongExpectedRevisionError when the stream is not at `expectedRevision`
   * @throws StreamDeletedError when the stream was tombstoned (EventStoreDB only)
   */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /**
   * Events of one stream; an empty list for a stream that does not exist.
   * @throws StreamDeletedError when the stream was tombstoned (EventStoreDB only)
   */
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
   * Like readAll with a filter, but looking at no more than about `scanLimit` events (matching
   * or not), and telling how far it looked: a reader of a rare selection advances by
   * `examinedUpTo` without walking the whole log in one call, and never re-examines or skips
   * an event. SQLite filters in SQL (no row of another stream reaches JavaScript); EventStoreDB
   * pages through `$all` and filters here.
   */
  scanAll(options: ScanAllOptions): Promise<ScannedEvents>;

  /**
   * Every event after `after`, in order: first the stored ones (catch-up), then new ones
   * as they are appended (live), with no gap and no duplicate across the switch.
   */
  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription;

  /**
   * Why the store cannot write now (disk full, an I/O error...), or undefined when it can: set
   * by a failed commit, cleared by the next one that succeeds (the store tries one itself when
   * asked here, at most once a second, so a freed disk shows without waiting for a command).
   */
  cannotWrite(): Promise<string | undefined>;

  /** Position of the last event in the store, 0n when it is empty. */
  headPosition(): Promise<bigint>;

  /**
   * The store's identity: a random UUID written when it was created, the same for every
   * process that opens it, new after a restore (see store-identity.ts). State kept outside the
   * log records it, so that state of another history is recognised.
   */
  storeId(): Promise<string>;

  /**
   * How many events have a position in (after, upTo], counting at most `limit` (so the
   * answer is exact below `limit` and means "at least limit" at it). Positions are not event
   * counts on EventStoreDB (they are byte offsets in its log): lag in events comes from here.
   */
  countEvents(after: bigint, upTo: bigint, limit: number): Promise<number>;

  close(): Promise<void>;
}

export interface EventStoreCapabilities {
  /**
   * True (SQLite): a repeat of recorded events with `any` or `stream_exists` writes nothing,
   * however old the events and across restarts (the store looks the ids up in its index).
   * False (EventStoreDB): such a repeat is recognised only while the first event's id is in the
   * server's bounded in-memory cache of recently committed event ids, lost on restart
   * (IndexWriter.CheckCommit, `_committedEvents`); after that the events are written again.
   * Writers that must be idempotent append with an exact revision or `no_stream`, as
   * StreamWriter does.
   */
  durableIdempotenceWithoutRevision: boolean;
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
  /**
   * Exclusive: events with a position greater than this. Defaults to 0n (the start).
   * Must be 0n or a position the store returned.
   */
  after?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface ScanAllOptions {
  /** Exclusive, as in ReadAllOptions. */
  after: bigint;
  /** At most this many matching events. */
  maxCount: number;
  filter?: EventFilter;
  /** At most about this many events examined, matching or not. */
  scanLimit: number;
}

export interface ScannedEvents {
  /** The matching events, in position order. */
  events: RecordedEvent[];
  /**
   * Every event up to here (inclusive) was examined: pass it as the next `after`. When
   * `events` is short of `maxCount` the scan reached the head or its limit; `after` itself when
   * nothing new was there.
   */
  examinedUpTo: bigint;
}

export interface SubscribeToAllOptions {
  /** Exclusive: events with a position greater than this. Defaults to 0n (the start). */
  after?: bigint;
  filter?: EventFilter;
}

export type { JsonObject };
