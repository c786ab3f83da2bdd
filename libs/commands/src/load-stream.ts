import { GENESIS_HASH } from '@cl/audit';
import { toOccurred, type Instant, type Occurred } from '@cl/domain';
import type { EventStore, RecordedEvent } from '@cl/event-store';

export type { Occurred };

export interface LoadedStream<State> {
  state: State;
  /** -1 when the stream has no events. */
  revision: number;
  /** hash of the last event: the next event's prevHash. */
  lastHash: string;
  /** The greatest occurredAt of the stream's events; undefined when it has none. */
  lastOccurredAt?: Instant;
}

/** A stream with no events. */
export const emptyStream = <State>(initial: State): LoadedStream<State> => ({
  state: initial,
  revision: -1,
  lastHash: GENESIS_HASH,
});

/** Folds one more stored event into a loaded stream. */
export function foldStored<State, Event>(
  loaded: LoadedStream<State>,
  event: RecordedEvent,
  evolve: (state: State, event: Occurred<Event>) => State,
): LoadedStream<State> {
  const occurred = toOccurred<Event>(event);
  return {
    state: evolve(loaded.state, occurred),
    revision: event.revision,
    lastHash: String(event.metadata.hash ?? GENESIS_HASH),
    lastOccurredAt: laterOf(loaded.lastOccurredAt, occurred.occurredAt),
  };
}

/**
 * Reads a whole stream and folds it with `evolve`. Personal fields stay sealed as stored
 * unless `open` opens them (docs/privacy.md): only readers that show them do.
 */
export async function loadStream<State, Event>(
  store: EventStore,
  streamId: string,
  initial: State,
  evolve: (state: State, event: Occurred<Event>) => State,
  open?: (events: RecordedEvent[]) => Promise<RecordedEvent[]>,
): Promise<LoadedStream<State>> {
  const stored = await store.readStream(streamId);
  const events = open === undefined ? stored : await open(stored);
  let loaded = emptyStream(initial);
  for (const event of events) loaded = foldStored(loaded, event, evolve);
  return loaded;
}

/** The later of two instants (both `YYYY-MM-DDTHH:mm:ss.sssZ`, so they compare as strings). */
export function laterOf(a: Instant | undefined, b: Instant): Instant {
  return a !== undefined && a > b ? a : b;
}
