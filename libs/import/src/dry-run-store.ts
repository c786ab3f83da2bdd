import {
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventSubscription,
  type ReadAllOptions,
  type ScanAllOptions,
  type ScannedEvents,
  type SubscribeToAllOptions,
  type EventToAppend,
  type FindEventOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@cl/event-store';

/**
 * The store as an import would leave it, without touching it (`--dry-run`): reads see the
 * real store plus what this run appended, kept in memory; appends check the expected
 * revision as the store does. Only what the command path uses (reads of one stream, the
 * revision, findEvent, appends) is overlaid; the log-wide reads see the real store alone.
 */
export class DryRunStore implements EventStore {
  private readonly pending = new Map<string, RecordedEvent[]>();
  private position = 0n;

  constructor(private readonly real: EventStore) {}

  get capabilities() {
    return this.real.capabilities;
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.real.readAll(options);
  }

  scanAll(options: ScanAllOptions): Promise<ScannedEvents> {
    return this.real.scanAll(options);
  }

  cannotWrite(): Promise<string | undefined> {
    return this.real.cannotWrite();
  }

  storeId(): Promise<string> {
    return this.real.storeId();
  }

  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription {
    return this.real.subscribeToAll(options);
  }

  headPosition(): Promise<bigint> {
    return this.real.headPosition();
  }

  countEvents(after: bigint, upTo: bigint, limit: number): Promise<number> {
    return this.real.countEvents(after, upTo, limit);
  }

  /** The real store is closed by whoever opened it. */
  async close(): Promise<void> {}

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const own = this.pending.get(streamId);
    const stored = await this.real.readStream(streamId, options);
    return own && options === undefined ? [...stored, ...own] : stored;
  }

  async streamRevision(streamId: string): Promise<number> {
    const own = this.pending.get(streamId);
    return own ? own[own.length - 1].revision : this.real.streamRevision(streamId);
  }

  async findEvent(
    streamId: string,
    eventId: string,
    options?: FindEventOptions,
  ): Promise<RecordedEvent | undefined> {
    return (
      this.pending.get(streamId)?.find((event) => event.id === eventId) ??
      this.real.findEvent(streamId, eventId, options)
    );
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const actual = await this.streamRevision(streamId);
    const expected = options?.expectedRevision ?? 'any';
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && actual === -1) ||
      (expected === 'stream_exists' && actual >= 0) ||
      expected === actual;
    if (!matches)
      throw new WrongExpectedRevisionError(streamId, expected, actual === -1 ? 'no_stream' : actual);
    const own = this.pending.get(streamId) ?? [];
    this.pending.set(streamId, own);
    const recordedAt = new Date().toISOString();
    events.forEach((event, index) =>
      own.push({
        id: event.id ?? `dry-run-${++this.position}`,
        streamId,
        revision: actual + 1 + index,
        position: ++this.position,
        type: event.type,
        data: event.data,
        metadata: event.metadata ?? {},
        recordedAt,
      }),
    );
    return { nextExpectedRevision: actual + events.length, position: this.position };
  }
}
