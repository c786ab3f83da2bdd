/** A domain event as evolve folds it: type, data and the business time it occurred at. */
export type Occurred<Event> = Event & { occurredAt: string };

/** A stored event (its business time is in metadata.occurredAt) as evolve folds it. */
export function toOccurred<Event>(event: {
  type: string;
  data: object;
  metadata: { [key: string]: unknown };
}): Occurred<Event> {
  const occurred = { type: event.type, data: event.data, occurredAt: String(event.metadata.occurredAt) };
  return occurred as unknown as Occurred<Event>;
}
