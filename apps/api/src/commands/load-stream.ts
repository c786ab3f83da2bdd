import { GENESIS_HASH } from '@cl/audit';
import { toOccurred, type Occurred } from '@cl/domain';
import type { EventStore, RecordedEvent } from '@cl/event-store';

export type { Occurred };

export interface LoadedStream<State> {
  state: State;
  /** -1 when the stream has no events. */
  revision: number;
  /** hash of the last event: the next event's prevHash. */
  lastHash: string;
}

/** Reads a whole stream and folds it with `evolve`; `upTo` keeps only events it accepts. */
export async function loadStream<State, Event>(
  store: EventStore,
  streamId: string,
  initial: State,
  evolve: (state: State, event: Occurred<Event>) => State,
  upTo: (event: RecordedEvent) => boolean = () => true,
): Promise<LoadedStream<State>> {
  const events = await store.readStream(streamId);
  let state = initial;
  let revision = -1;
  let lastHash = GENESIS_HASH;
  for (const event of events) {
    if (!upTo(event)) break;
    state = evolve(state, toOccurred<Event>(event));
    revision = event.revision;
    lastHash = String(event.metadata.hash ?? GENESIS_HASH);
  }
  return { state, revision, lastHash };
}
