import { DomainError, type Decider, type Instant, type Occurred } from '@cl/domain';

/** When a given event names no business time: for slices whose evolve does not read it. */
const GIVEN_AT: Instant = '2026-01-01T00:00:00.000Z';

/**
 * Given/when/then for a slice's decider, as Emmett's DeciderSpecification: given the events
 * already in the stream (folded with the decider's evolve from its initialState), when a
 * command, then the events it records, or its refusal (a DomainError of a kind). Pure: no
 * store, no writer.
 *
 *   const spec = deciderSpec(customerDecider);
 *   spec.given(purchase('O-1')).when(recordPurchase('O-1')).thenRefused('conflict');
 */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    /** The stream's events; an event without `occurredAt` gets a fixed one. */
    given(...events: (Event & { occurredAt?: Instant })[]) {
      const state = () =>
        events.reduce(
          (folded, event) => decider.evolve(folded, { occurredAt: GIVEN_AT, ...event } as Occurred<Event>),
          decider.initialState,
        );
      return {
        when(command: Command) {
          const decide = () => decider.decide(command, state());
          return {
            /** The events the command records; `[]` for a command that records nothing. */
            then(expected: Event[]): void {
              expect(decide()).toEqual(expected);
            },
            /** The command is refused with a DomainError of this kind (and these details). */
            thenRefused(kind: DomainError['kind'], details?: Record<string, unknown>): DomainError {
              let error: unknown;
              try {
                decide();
              } catch (caught) {
                error = caught;
              }
              expect(error).toBeInstanceOf(DomainError);
              expect(error).toMatchObject({ kind, ...(details && { details }) });
              return error as DomainError;
            },
            /** What it records, for checks beyond equality. */
            decided: (): Event[] => decide(),
          };
        },
      };
    },
  };
}
