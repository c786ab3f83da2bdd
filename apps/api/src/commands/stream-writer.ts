import { Inject, Injectable } from '@nestjs/common';
import { GENESIS_HASH } from '@cl/audit';
import { DomainError } from '@cl/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@cl/event-store';
import { Metrics } from '../metrics/metrics';
import { chainEvents } from './chain-events';
import type { CommandContext } from './command-context';
import { KeyedMutex } from './keyed-mutex';
import { StreamStateCache } from './stream-state-cache';
import { loadStream, type LoadedStream, type Occurred } from './load-stream';
import { RevisionMismatchError } from './revision-mismatch.error';

const MAX_ATTEMPTS = 5;

type DomainEvent = { type: string; data: object };

/** One command on one stream: how to fold the stream, and what the command decides on it. */
export interface WriteOptions<State, Event> {
  /** For metrics: the command's name. */
  commandType: string;
  streamId: string;
  initial: State;
  evolve: (state: State, event: Occurred<Event>) => State;
  decide: (state: State) => Event[];
  context: CommandContext;
  /**
   * The command starts the stream (e.g. filing a complaint): decide first on the initial
   * state without reading the store; the append's "no stream" expectation checks it, and if
   * the stream exists after all, the command is decided again on the stream as it is.
   */
  startsStream?: boolean;
}

export interface WriteResult<State, Event> {
  /** The stream's revision after the write. */
  revision: number;
  /** Global position of the last event written. */
  position: bigint;
  events: (Event & { eventId: string })[];
  state: State;
}

/**
 * Runs one command against one stream: load and fold it, decide, append with the revision
 * it loaded. Commands on one stream queue up within this process; on a concurrent write
 * from elsewhere it decides again on fresh state (a few times, then 409);
 * with If-Match it answers 412 instead. Every event gets the metadata of domain.md and its
 * link in the stream's hash chain.
 */
@Injectable()
export class StreamWriter {
  private readonly queue = new KeyedMutex();
  private readonly states = new StreamStateCache();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

  async write<State, Event extends DomainEvent>(
    options: WriteOptions<State, Event>,
  ): Promise<WriteResult<State, Event>> {
    const stopTimer = this.metrics.commandDuration.startTimer({ type: options.commandType });
    try {
      const result = await this.queue.run(options.streamId, () => this.attempt(options));
      stopTimer({ outcome: 'ok' });
      for (const event of result.events) this.metrics.eventsAppended.inc({ type: event.type });
      return result;
    } catch (error) {
      stopTimer({ outcome: error instanceof DomainError ? error.kind : 'error' });
      throw error;
    }
  }

  private async attempt<State, Event extends DomainEvent>(
    options: WriteOptions<State, Event>,
  ): Promise<WriteResult<State, Event>> {
    const { streamId, context } = options;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const cached =
        this.states.get<State>(streamId) ??
        (attempt === 1 && options.startsStream ? this.newStream(options.initial) : undefined);
      let loaded =
        cached && (context.ifMatch === undefined || context.ifMatch === cached.revision) ? cached : undefined;
      loaded ??= await loadStream(this.store, streamId, options.initial, options.evolve);
      if (context.ifMatch !== undefined && context.ifMatch !== loaded.revision) {
        throw new RevisionMismatchError(context.ifMatch, loaded.revision);
      }
      let decided: Event[];
      try {
        decided = options.decide(loaded.state);
      } catch (refusal) {
        if (loaded !== cached) throw refusal;
        // A refusal must rest on the stream as it is, not on what this process last saw.
        this.states.delete(streamId);
        continue;
      }
      // Nothing to record (e.g. a re-evaluation that changed nothing): the stream stays as it is.
      if (decided.length === 0)
        return { revision: loaded.revision, position: 0n, events: [], state: loaded.state };
      const { events: toAppend, lastHash } = chainEvents(
        streamId,
        loaded.revision,
        loaded.lastHash,
        decided,
        context,
      );
      try {
        const result = await this.store.appendToStream(streamId, toAppend, {
          expectedRevision: loaded.revision === -1 ? 'no_stream' : loaded.revision,
        });
        const state = decided.reduce(
          (folded, event) => options.evolve(folded, { ...event, occurredAt: context.occurredAt }),
          loaded.state,
        );
        this.states.set(streamId, { state, revision: result.nextExpectedRevision, lastHash });
        return {
          revision: result.nextExpectedRevision,
          position: result.position,
          events: decided.map((event, index) => ({ ...event, eventId: toAppend[index].id! })),
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

  private newStream<State>(initial: State): LoadedStream<State> {
    return { state: initial, revision: -1, lastHash: GENESIS_HASH };
  }
}
