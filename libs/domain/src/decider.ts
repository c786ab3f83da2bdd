import type { Occurred } from './occurred';
import type { Instant } from './time';

/**
 * One slice's behaviour on one stream, in the shape every slice exports: `decide` what a
 * command records (or refuse it with a DomainError), `evolve` the state by one event, from
 * `initialState`. Pure: what a decision needs beyond the command and the state (the policy
 * in force, say) is bound when the decider is built, once. The writer (StreamWriter in
 * @cl/commands) folds the stream with `evolve` and appends what `decide` returns.
 */
export interface Decider<Command, Event, State> {
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Occurred<Event>) => State;
  readonly initialState: State;
}

/**
 * Who acts, as a decider sees it: the actor id and role the events will record
 * (docs/domain.md, Event metadata); role `system` for the service itself (timers, reactors,
 * the importer).
 */
export interface ActingActor {
  readonly id: string;
  readonly role: string;
}

/**
 * A command as a decider receives it: with the business time it happens at, which the
 * writer fixes on the stream as it loaded it (docs/domain.md, Time), and the actor it acts
 * for, from the command's context. A decider that needs neither ignores them.
 */
export type Timed<Command> = Command & { occurredAt: Instant; actor: ActingActor };
