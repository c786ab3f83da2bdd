import { randomUUID } from 'node:crypto';
import { DomainError, fromMs, systemClock, type Clock, type Decider, type Timed } from '@cl/domain';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@cl/event-store';
import { SEALED_SCHEMA_VERSION, type PersonalDataCipher } from '@cl/personal-data';
import { chainEvents } from './chain-events';
import type { CommandContext } from './command-context';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error';
import { IDEMPOTENCY_WINDOW_MS, idempotentEventId, type IdempotencyScope } from './idempotent-ids';
import { KeyedMutex } from './keyed-mutex';
import { StreamStateCache } from './stream-state-cache';
import { emptyStream, foldStored, laterOf, loadStream } from './load-stream';
import { RevisionMismatchError } from './revision-mismatch.error';

const MAX_ATTEMPTS = 5;

type DomainEvent = { type: string; data: object };

/** What a writer reports, e.g. to metrics. */
export interface WriteObserver {
  /** A command ended: `outcome` is `ok`, a DomainError's kind, or `error`. */
  commandEnded?(commandType: string, outcome: string, seconds: number): void;
  /** An event was appended (not for a replayed earlier attempt). */
  eventAppended?(eventType: string): void;
}

/** A command as deciders take it: its `type` names it (and its metrics). */
export type AnyCommand = { type: string };

/** One command on one stream: the slice's decider, and the command it decides on the stream. */
export interface WriteOptions<Command extends AnyCommand, State, Event> {
  /**
   * The slice's decider: folds the stream with `evolve` from `initialState`, and decides the
   * command on it; the command reaches it with the business time the writer fixed and the
   * context's actor (Timed).
   */
  decider: Decider<Timed<Command>, Event, State>;
  command: NoInfer<Command>;
  streamId: string;
  context: CommandContext;
  /** For metrics: the command's name; `command.type` when absent. */
  commandType?: string;
  /**
   * The command starts the stream (e.g. filing a complaint): decide first on the initial
   * state without reading the store; the append's "no stream" expectation checks it, and if
   * the stream exists after all, the command is decided again on the stream as it is.
   */
  startsStream?: boolean;
  /**
   * The customer whose data key seals the personal fields of the events decided on `state`
   * (docs/privacy.md); undefined: the stream holds no personal data.
   */
  dataSubject?: (state: State, decided: readonly Event[]) => string | undefined;
}

/** How a StreamWriter reports, tells time and seals personal data. */
export interface StreamWriterOptions {
  observer?: WriteObserver;
  clock?: Clock;
  /** Without it, events are stored in clear as schemaVersion 1 (tests and tools that hold no personal data). */
  personalData?: PersonalDataCipher;
}

export interface WriteResult<State, Event> {
  /** The stream's revision after the write. */
  revision: number;
  /** Global position of the last event written. */
  position: bigint;
  events: (Event & { eventId: string })[];
  state: State;
  /** An earlier attempt of the same keyed command had recorded these events; nothing was written. */
  replayed?: boolean;
}

/**
 * Runs one command against one stream: load and fold it, decide, append with the revision
 * it loaded. Commands on one stream queue up within this process; on a concurrent write
 * from elsewhere it decides again on fresh state (a few times, then 409);
 * with If-Match it answers 412 instead. Every event gets the metadata of docs/domain.md and its
 * link in the stream's hash chain.
 *
 * A command sent with an Idempotency-Key is recorded exactly once, also across crashes: its
 * events get ids derived from the key's scope, and before deciding, the writer looks for the
 * first of them. Found, an earlier attempt was recorded (its answer may never have been
 * stored): the result is that attempt's, folded from the stored events, and nothing is
 * written. Should two attempts still race (one that outlived its lock), the store's
 * idempotence by event id lets only one of them write.
 */
export class StreamWriter {
  private readonly queue = new KeyedMutex();
  private readonly states = new StreamStateCache();

  private readonly observer: WriteObserver;
  private readonly clock: Clock;
  private readonly personalData?: PersonalDataCipher;

  constructor(
    private readonly store: EventStore,
    options: StreamWriterOptions = {},
  ) {
    this.observer = options.observer ?? {};
    this.clock = options.clock ?? systemClock;
    this.personalData = options.personalData;
  }

  async write<Command extends AnyCommand, State, Event extends DomainEvent>(
    options: WriteOptions<Command, State, Event>,
  ): Promise<WriteResult<State, Event>> {
    const started = performance.now();
    const commandType = options.commandType ?? options.command.type;
    const ended = (outcome: string) =>
      this.observer.commandEnded?.(commandType, outcome, (performance.now() - started) / 1000);
    try {
      const result = await this.queue.run(options.streamId, () => this.attempt(options));
      ended('ok');
      if (!result.replayed) for (const event of result.events) this.observer.eventAppended?.(event.type);
      return result;
    } catch (error) {
      ended(error instanceof DomainError ? error.kind : 'error');
      throw error;
    }
  }

  private async attempt<Command extends AnyCommand, State, Event extends DomainEvent>(
    options: WriteOptions<Command, State, Event>,
  ): Promise<WriteResult<State, Event>> {
    const { streamId, context, decider } = options;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (context.idempotency) {
        const earlier = await this.earlierAttempt(options, context.idempotency);
        if (earlier) return earlier;
      }
      const cached =
        this.states.get<State>(streamId) ??
        (attempt === 1 && options.startsStream ? emptyStream(decider.initialState) : undefined);
      let loaded =
        cached && (context.ifMatch === undefined || context.ifMatch === cached.revision) ? cached : undefined;
      loaded ??= await loadStream(this.store, streamId, decider.initialState, decider.evolve);
      if (context.ifMatch !== undefined && context.ifMatch !== loaded.revision) {
        throw new RevisionMismatchError(context.ifMatch, loaded.revision);
      }
      const occurredAt =
        context.occurredAt ??
        laterOf(loaded.lastOccurredAt, context.defaultOccurredAt ?? fromMs(this.clock.now()));
      let decided: Event[];
      try {
        decided = decider.decide({ ...options.command, occurredAt, actor: context.actor }, loaded.state);
      } catch (refusal) {
        if (loaded !== cached) throw refusal;
        // A refusal must rest on the stream as it is, not on what this process last saw.
        this.states.delete(streamId);
        continue;
      }
      if (decided.length === 0) {
        // Nothing to record (e.g. a timer whose complaint moved on, a risk level unchanged):
        // the stream stays as it is. That too must rest on the stream as it is, since no
        // append will check it: a cached state stands while the stream's last revision is
        // still the one it was folded up to (one lookup, however long the stream).
        if (loaded === cached && (await this.store.streamRevision(streamId)) !== cached.revision) {
          this.states.delete(streamId);
          continue;
        }
        // Kept, so that the next command on the stream need not fold it again.
        if (loaded.revision >= 0) this.states.set(streamId, loaded);
        return { revision: loaded.revision, position: 0n, events: [], state: loaded.state };
      }
      const eventIds = decided.map((_, index) =>
        context.idempotency ? idempotentEventId(context.idempotency.scope, index) : randomUUID(),
      );
      const stored = await this.sealed(options, loaded.state, decided, eventIds);
      const { events: toAppend, lastHash } = chainEvents(streamId, loaded.revision, loaded.lastHash, stored, {
        schemaVersion: this.personalData === undefined ? undefined : SEALED_SCHEMA_VERSION,
        occurredAt,
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId,
        eventIds,
        requestHash: context.idempotency?.requestHash,
      });
      try {
        const result = await this.store.appendToStream(streamId, toAppend, {
          expectedRevision: loaded.revision === -1 ? 'no_stream' : loaded.revision,
        });
        // The state folds the stored form, as a load from the store would.
        const state = stored.reduce(
          (folded, event) => decider.evolve(folded, { ...event, occurredAt }),
          loaded.state,
        );
        this.states.set(streamId, {
          state,
          revision: result.nextExpectedRevision,
          lastHash,
          lastOccurredAt: laterOf(loaded.lastOccurredAt, occurredAt),
        });
        return {
          revision: result.nextExpectedRevision,
          position: result.position,
          events: decided.map((event, index) => ({ ...event, eventId: eventIds[index] })),
          state,
        };
      } catch (error) {
        this.states.delete(streamId);
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.ifMatch !== undefined) {
          throw new RevisionMismatchError(
            context.ifMatch,
            error.actualRevision === 'no_stream' ? -1 : error.actualRevision,
          );
        }
      }
    }
    throw new DomainError('conflict', `${streamId} kept changing while the command ran; try again`);
  }

  /** The decided events as they are stored: personal fields sealed under the data subject's key. */
  private async sealed<Command extends AnyCommand, State, Event extends DomainEvent>(
    options: WriteOptions<Command, State, Event>,
    state: State,
    decided: Event[],
    eventIds: readonly string[],
  ): Promise<Event[]> {
    if (this.personalData === undefined) return decided;
    const subject = options.dataSubject?.(state, decided);
    return subject === undefined ? decided : this.personalData.seal(subject, decided, eventIds);
  }

  /**
   * Whether an earlier attempt of this keyed command recorded its events in the stream: one
   * lookup by event id, nothing read or folded (the importer skips a row present from an
   * earlier run at the same cost however long the stream).
   * @throws IdempotencyKeyReusedError when the key was recorded for another request
   */
  async isRecorded(streamId: string, idempotency: IdempotencyScope): Promise<boolean> {
    return (await this.firstRecordedEvent(streamId, idempotency)) !== undefined;
  }

  private async firstRecordedEvent(
    streamId: string,
    { scope, requestHash, windowMs = IDEMPOTENCY_WINDOW_MS }: IdempotencyScope,
  ): Promise<RecordedEvent | undefined> {
    const first = await this.store.findEvent(
      streamId,
      idempotentEventId(scope, 0),
      Number.isFinite(windowMs) ? { recordedAfter: new Date(this.clock.now() - windowMs) } : {},
    );
    if (first && first.metadata.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    return first;
  }

  /**
   * The result an earlier attempt of this keyed command recorded, as it answered (or would
   * have): the stream folded up to that attempt's last event. Undefined when none was recorded.
   */
  private async earlierAttempt<Command extends AnyCommand, State, Event extends DomainEvent>(
    options: WriteOptions<Command, State, Event>,
    idempotency: IdempotencyScope,
  ): Promise<WriteResult<State, Event> | undefined> {
    const { streamId } = options;
    const { scope } = idempotency;
    const first = await this.firstRecordedEvent(streamId, idempotency);
    if (!first) return undefined;
    let loaded = emptyStream(options.decider.initialState);
    const recorded: RecordedEvent[] = [];
    let position = first.position;
    for (const event of await this.store.readStream(streamId)) {
      if (event.revision >= first.revision) {
        if (event.id !== idempotentEventId(scope, recorded.length)) break;
        recorded.push(event);
        position = event.position;
      }
      loaded = foldStored(loaded, event, options.decider.evolve);
    }
    // The state folds the stored form, as the first attempt's did; its events are answered as
    // it answered them, with their personal fields in clear (or erased since).
    const shown = this.personalData === undefined ? recorded : await this.personalData.open(recorded);
    const events = shown.map(
      (event) => ({ type: event.type, data: event.data, eventId: event.id }) as Event & { eventId: string },
    );
    return { revision: loaded.revision, position, events, state: loaded.state, replayed: true };
  }
}
