import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { validateAppend, validateStreamId, type ValidatedAppend } from '../append-validation';
import { randomUUID } from 'node:crypto';
import { EventStoreUnsupportedError, EventStoreValidationError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  EventStoreCapabilities,
  FindEventOptions,
  ReadAllOptions,
  ReadStreamOptions,
  ScanAllOptions,
  ScannedEvents,
  SubscribeToAllOptions,
} from '../event-store';
import { EventSubscription } from '../event-subscription';
import { NO_STREAM as PORT_NO_STREAM, NO_STREAM_REVISION, type ExpectedRevision } from '../expected-revision';
import type { EventToAppend, JsonObject, RecordedEvent } from '../recorded-event';
import { eventsAfter, eventsFromEnd, type AllRecord, type ReadAllPage } from './all-pages';
import { toPortAppendError, toPortReadError } from './esdb-errors';
import { toPortPosition } from './esdb-positions';
import { followAll } from './follow-all';
import { retryTransient } from './retry-transient';
import { cancelOnExit } from './streaming-read';

export interface EsdbOptions {
  streamNamespace?: string;
}

const PAGE = 1000;
/** Its first event names the store (storeId). */
const STORE_IDENTITY_STREAM = 'store-identity';
const STORE_IDENTIFIED = 'StoreIdentified';
const FIND_PAGE = 100;
/**
 * Attempts of one append. A retry of an append that timed out is safe (its event ids are
 * fixed, so a repeat of a recorded append is recognised), and needed: the server drops a
 * repeat that arrives before the original is indexed ("IdempotentNotReady") and answers it
 * only with a timeout after WriteTimeoutMs, 2 s by default
 * (EventStore.Core/Services/Storage/StorageWriterService.cs, ActOnCommitCheckFailure;
 * Services/Transport/Grpc/Streams.BatchAppend.cs).
 */
const APPEND_ATTEMPTS = 4;
const APPEND_BACKOFF = { baseMs: 100, maxMs: 2_000 };
const RESUBSCRIBE_BACKOFF = { baseMs: 250, maxMs: 30_000 };

/**
 * The port on EventStoreDB (23.10+ or KurrentDB) through `@eventstore/db-client`.
 * Positions are log positions (byte offsets, see esdb-positions.ts): they order events but do
 * not count them; `countEvents` does. System events (types or streams starting with `$`) and
 * non-JSON events are hidden from reads and subscriptions.
 */
export class EsdbEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { durableIdempotenceWithoutRevision: false };
  private readonly namespace: string;

  /**
   * `streamNamespace` (EVENTSTORE_STREAM_NAMESPACE): several deployments, or test runs, share
   * one server. Stream `s` is stored as `<namespace>s`; reads, subscriptions, the head and
   * counts see only the namespace's streams, and events come back named without it.
   */
  constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbOptions = {},
  ) {
    this.namespace = options.streamNamespace ?? '';
  }

  static connect(connectionString: string, options: EsdbOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const request = validateAppend(streamId, events, options.expectedRevision);
    try {
      return await retryTransient(() => this.appendOnce(request), APPEND_ATTEMPTS, APPEND_BACKOFF);
    } catch (error) {
      throw toPortAppendError(error, request.streamId, request.expectedRevision);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (const resolved of await this.readStreamRaw(streamId, options)) {
      const event = toRecordedEvent(resolved, this.namespace);
      if (event) events.push(event);
    }
    return events;
  }

  /**
   * No index by event id: reads the stream backwards, a page at a time, down to
   * recordedAfter (the server's clock). Pages are counted in records, hidden ones included,
   * so a hidden event never ends the search early.
   */
  async findEvent(
    streamId: string,
    eventId: string,
    options: FindEventOptions = {},
  ): Promise<RecordedEvent | undefined> {
    const oldest = options.recordedAfter?.getTime() ?? -Infinity;
    let from: number | undefined;
    for (;;) {
      const page = await this.readStreamRaw(streamId, {
        direction: 'backwards',
        fromRevision: from,
        maxCount: FIND_PAGE,
      });
      for (const resolved of page) {
        const event = toRecordedEvent(resolved, this.namespace);
        if (event?.id === eventId) return event;
        if (resolved.event && resolved.event.created.getTime() < oldest) return undefined;
      }
      const lastRevision = page.at(-1)?.event?.revision;
      if (page.length < FIND_PAGE || lastRevision === undefined || lastRevision === 0n) return undefined;
      from = Number(lastRevision) - 1;
    }
  }

  /** The revision of the stream's last record, hidden or not: what an append is checked against. */
  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStreamRaw(streamId, { direction: 'backwards', maxCount: 1 });
    return last?.event ? Number(last.event.revision) : NO_STREAM_REVISION;
  }

  /** Filters apply here, not on the server: a rare filter reads far. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = validateCount(options.maxCount ?? PAGE, 'maxCount');
    const events: RecordedEvent[] = [];
    for await (const event of eventsAfter(this.readAllPage, validatePosition(options.after ?? 0n), PAGE)) {
      if (!matches(event, options.filter)) continue;
      events.push(event);
      if (events.length === maxCount) break;
    }
    return events;
  }

  async scanAll(options: ScanAllOptions): Promise<ScannedEvents> {
    const maxCount = validateCount(options.maxCount, 'maxCount');
    const scanLimit = validateCount(options.scanLimit, 'scanLimit');
    const after = validatePosition(options.after);
    const events: RecordedEvent[] = [];
    let examinedUpTo = after;
    let examined = 0;
    for await (const event of eventsAfter(this.readAllPage, after, Math.max(2, Math.min(PAGE, scanLimit)))) {
      examined += 1;
      examinedUpTo = event.position;
      if (matches(event, options.filter) && events.push(event) === maxCount) break;
      if (examined === scanLimit) break;
    }
    return { events, examinedUpTo };
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    const after = validatePosition(options.after ?? 0n);
    const filter = options.filter;
    return new EventSubscription((signal) =>
      followAll({
        after,
        signal,
        subscribe: (from) => this.subscribe(from, filter),
        keep: (event) => matches(event, filter),
        backoff: RESUBSCRIBE_BACKOFF,
        onRetry: (reason, delayMs, attempt, resumeAfter) =>
          process.emitWarning(
            `EventStoreDB subscription dropped (${(reason as Error).message}); ` +
              `resubscribing after position ${resumeAfter} in ${delayMs} ms (attempt ${attempt})`,
          ),
      }),
    );
  }

  /** The last visible event's position: pages back past any number of system events. */
  async headPosition(): Promise<bigint> {
    for await (const event of eventsFromEnd(this.readAllPage, PAGE)) return event.position;
    return 0n;
  }

  /** The server answers each append itself: a failing one is an error of that append. */
  cannotWrite(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  /**
   * The first event of the stream `store-identity`, written by the first caller (no_stream:
   * of two racing callers one writes, both read the winner's). Not cached: an in-memory server
   * that restarted is a new store, with a new identity.
   */
  async storeId(): Promise<string> {
    for (;;) {
      const [first] = await this.readStream(STORE_IDENTITY_STREAM, { maxCount: 1 });
      const storeId = first?.data.storeId;
      if (typeof storeId === 'string') return storeId;
      if (first) {
        throw new EventStoreUnsupportedError(
          `The stream ${STORE_IDENTITY_STREAM} does not begin with a store identity; it is not this service's`,
        );
      }
      try {
        await this.appendToStream(
          STORE_IDENTITY_STREAM,
          [{ type: STORE_IDENTIFIED, data: { storeId: randomUUID(), createdAt: new Date().toISOString() } }],
          { expectedRevision: PORT_NO_STREAM },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
  }

  /** A bounded read of `$all` from `after`: positions are byte offsets, not counts. */
  async countEvents(after: bigint, upTo: bigint, limit: number): Promise<number> {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new EventStoreValidationError('limit', 'must be a whole number >= 0');
    }
    if (upTo <= after || limit === 0) return 0;
    let count = 0;
    for await (const event of eventsAfter(this.readAllPage, validatePosition(after), PAGE)) {
      if (event.position > upTo) break;
      count += 1;
      if (count === limit) break;
    }
    return count;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async appendOnce(request: ValidatedAppend): Promise<AppendResult> {
    const result = await this.client.appendToStream(
      this.namespace + request.streamId,
      request.events.map((event) => ({
        id: event.id,
        contentType: 'application/json' as const,
        type: event.type,
        data: JSON.parse(event.dataJson) as JsonObject,
        metadata: JSON.parse(event.metadataJson) as JsonObject,
      })),
      { expectedRevision: toEsdbExpectedRevision(request.expectedRevision) },
    );
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // The event at that revision is this append's last (also when the append was a repeat).
    const [last] = await this.readStreamRaw(request.streamId, {
      direction: 'backwards',
      fromRevision: nextExpectedRevision,
      maxCount: 1,
    });
    if (!last?.event?.position) {
      throw new EventStoreUnsupportedError(
        `EventStoreDB did not return event ${nextExpectedRevision} just appended`,
      );
    }
    return { nextExpectedRevision, position: toPortPosition(last.event.position) };
  }

  /** Every record of a range of the stream, hidden ones too; [] when the stream does not exist. */
  private async readStreamRaw(streamId: string, options: ReadStreamOptions): Promise<ResolvedEvent[]> {
    validateStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const records: ResolvedEvent[] = [];
    try {
      const read = this.client.readStream(this.namespace + streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of cancelOnExit(read)) records.push(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortReadError(error, streamId);
    }
    return records;
  }

  private readonly readAllPage: ReadAllPage<RecordedEvent> = (start, direction, maxCount) => {
    const namespace = this.namespace;
    const read = this.client.readAll({
      fromPosition: start === 'start' ? START : start === 'end' ? END : start,
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      maxCount,
    });
    return {
      cancel: () => read.cancel(),
      async *[Symbol.asyncIterator]() {
        for await (const resolved of read) yield toAllRecord(resolved, namespace);
      },
    };
  };

  private subscribe(after: bigint, filter: EventFilter | undefined) {
    const namespace = this.namespace;
    const prefix = namespace + (filter?.streamPrefix ?? '');
    const subscription = this.client.subscribeToAll({
      fromPosition: after === 0n ? START : { commit: after, prepare: after },
      filter: prefix ? streamNameFilter({ prefixes: [prefix] }) : excludeSystemEvents(),
    });
    return {
      unsubscribe: () => subscription.unsubscribe(),
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription) yield toAllRecord(resolved, namespace).event;
      },
    };
  }
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

function toAllRecord(resolved: AllStreamResolvedEvent, namespace: string): AllRecord<RecordedEvent> {
  const position = resolved.event?.position;
  if (!position) {
    throw new EventStoreUnsupportedError(
      'EventStoreDB returned an event without a position: version 23.10 or later is required',
    );
  }
  return { position, event: toRecordedEvent(resolved, namespace) };
}

/**
 * The port's event, or undefined for what the port hides: system and non-JSON events, and
 * streams outside the namespace (whose prefix the port's stream id leaves out).
 */
export function toRecordedEvent(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
  namespace = '',
): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$') || !event.isJson)
    return undefined;
  if (!event.streamId.startsWith(namespace)) return undefined;
  if (!event.position) {
    throw new EventStoreUnsupportedError(
      'EventStoreDB returned an event without a position: version 23.10 or later is required',
    );
  }
  return {
    id: event.id,
    streamId: event.streamId.slice(namespace.length),
    revision: Number(event.revision),
    position: toPortPosition(event.position),
    type: event.type,
    data: event.data as JsonObject,
    metadata: (event.metadata ?? {}) as JsonObject,
    recordedAt: event.created.toISOString(),
  };
}

function matches(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefix && !event.streamId.startsWith(filter.streamPrefix)) return false;
  return true;
}

function validateCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new EventStoreValidationError(field, 'must be a whole number >= 1');
  }
  return value;
}

function validatePosition(position: bigint): bigint {
  if (typeof position !== 'bigint' || position < 0n) {
    throw new EventStoreValidationError('after', 'must be a position >= 0n');
  }
  return position;
}
