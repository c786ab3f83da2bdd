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
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { validateAppend, validateStreamId } from '../append-validation';
import { EventStoreValidationError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  ReadAllOptions,
  FindEventOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from '../event-store';
import { EventSubscription, whenAborted } from '../event-subscription';
import { NO_STREAM_REVISION, type ExpectedRevision } from '../expected-revision';
import type { EventToAppend, JsonObject, RecordedEvent } from '../recorded-event';

const DEFAULT_PAGE = 1000;
const RESUBSCRIBE_DELAY_MS = 500;
const FIND_PAGE = 100;

/**
 * The port on EventStoreDB (23.10+ or KurrentDB) through `@eventstore/db-client`.
 * A global position is the event's prepare position in the transaction log: unique per
 * event and increasing in `$all` order (its commit position is shared by the events of one
 * append). Reading `$all` after position p starts at {commit: p, prepare: p} and drops
 * events at or before p.
 */
export class EsdbEventStore implements EventStore {
  constructor(private readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const request = validateAppend(streamId, events, options.expectedRevision);
    try {
      const result = await this.client.appendToStream(
        request.streamId,
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
      const [last] = await this.readStream(request.streamId, {
        direction: 'backwards',
        fromRevision: nextExpectedRevision,
        maxCount: 1,
      });
      return { nextExpectedRevision, position: last.position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(
          request.streamId,
          request.expectedRevision,
          error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion),
        );
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** No index by event id: reads the stream backwards, a page at a time, down to recordedAfter. */
  async findEvent(
    streamId: string,
    eventId: string,
    options: FindEventOptions = {},
  ): Promise<RecordedEvent | undefined> {
    const oldest = options.recordedAfter?.getTime() ?? -Infinity;
    let from: number | undefined;
    for (;;) {
      const page = await this.readStream(streamId, {
        direction: 'backwards',
        fromRevision: from,
        maxCount: FIND_PAGE,
      });
      for (const event of page) {
        if (event.id === eventId) return event;
        if (Date.parse(event.recordedAt) < oldest) return undefined;
      }
      const last = page[page.length - 1];
      if (page.length < FIND_PAGE || last.revision === 0) return undefined;
      from = last.revision - 1;
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last?.revision ?? NO_STREAM_REVISION;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? DEFAULT_PAGE;
    if (!Number.isSafeInteger(maxCount) || maxCount < 1) {
      throw new EventStoreValidationError('maxCount', 'must be a whole number >= 1');
    }
    const events: RecordedEvent[] = [];
    let from: Position | typeof START = after === 0n ? START : { commit: after, prepare: after };
    // Filters apply client-side here, so read on until the page is full or $all ends.
    for (;;) {
      let seen = 0;
      let lastPosition: Position | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: DEFAULT_PAGE })) {
        seen += 1;
        lastPosition = resolved.event?.position;
        const event = toRecordedEvent(resolved);
        if (!event || event.position <= after || !matches(event, options.filter)) continue;
        events.push(event);
        if (events.length === maxCount) return events;
      }
      if (seen < DEFAULT_PAGE || !lastPosition) return events;
      from = { commit: lastPosition.commit, prepare: lastPosition.prepare + 1n };
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    return new EventSubscription((signal) => this.follow(options.after ?? 0n, options.filter, signal));
  }

  async headPosition(): Promise<bigint> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 50,
    })) {
      const event = toRecordedEvent(resolved);
      if (event) return event.position;
    }
    return 0n;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /** A catch-up subscription that resubscribes from the last delivered event when dropped. */
  private async *follow(
    start: bigint,
    filter: EventFilter | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<RecordedEvent, void, undefined> {
    let after = start;
    while (!signal.aborted) {
      const subscription = this.client.subscribeToAll({
        fromPosition: after === 0n ? START : { commit: after, prepare: after },
        filter: filter?.streamPrefix
          ? streamNameFilter({ prefixes: [filter.streamPrefix] })
          : excludeSystemEvents(),
      });
      const stop = () => void subscription.unsubscribe();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const resolved of subscription) {
          const event = toRecordedEvent(resolved);
          if (!event || event.position <= after) continue;
          after = event.position;
          if (matches(event, filter)) yield event;
          if (signal.aborted) return;
        }
        if (signal.aborted) return;
      } catch (error) {
        if (signal.aborted) return;
        // Dropped (server restart, network): resume after the last delivered event.
        process.emitWarning(`EventStoreDB subscription dropped, resubscribing: ${(error as Error).message}`);
        await Promise.race([delay(RESUBSCRIBE_DELAY_MS), whenAborted(signal)]);
      } finally {
        signal.removeEventListener('abort', stop);
        await subscription.unsubscribe().catch(() => undefined);
      }
    }
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

function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$') || !event.isJson)
    return undefined;
  if (!event.position) {
    throw new Error('EventStoreDB returned an event without a position: version 23.10 or later is required');
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position.prepare,
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
