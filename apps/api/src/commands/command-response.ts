/** Every command answer carries the stream's new revision and the position of its last event. */
export function commandResponse<Extra extends object>(
  id: { complaintId: string } | { customerId: string } | { actionId: string },
  result: { revision: number; position: bigint },
  extra: Extra,
) {
  return { ...id, revision: result.revision, position: result.position.toString(), ...extra };
}

/** The data of the event of `type` the command appended (or found already appended), if any. */
export function appendedData<E extends { type: string; data: unknown }, T extends E['type']>(
  events: readonly E[],
  type: T,
): Extract<E, { type: T }>['data'] | undefined {
  return events.find((event): event is Extract<E, { type: T }> => event.type === type)?.data;
}
