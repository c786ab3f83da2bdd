import type { FastifyReply } from 'fastify';

/** Every command answer carries the stream's new revision and position, and ETag: "<revision>". */
export function commandResponse<Extra extends object>(
  reply: FastifyReply,
  id: { complaintId: string } | { customerId: string },
  result: { revision: number; position: bigint },
  extra: Extra,
) {
  void reply.header('etag', `"${result.revision}"`);
  return { ...id, revision: result.revision, position: result.position.toString(), ...extra };
}
