/** Every command answer carries the stream's new revision and the position of its last event. */
export function commandResponse<Extra extends object>(
  id: { complaintId: string } | { customerId: string },
  result: { revision: number; position: bigint },
  extra: Extra,
) {
  return { ...id, revision: result.revision, position: result.position.toString(), ...extra };
}
