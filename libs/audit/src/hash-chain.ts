import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers (http-api.md, Audit). */
export interface ChainedFields {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: unknown;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  correlationId: string;
  causationId: string;
}

/**
 * hash = lowercase hex SHA-256 of the UTF-8 bytes of prevHash followed by the RFC 8785
 * canonical JSON of the chained fields, so an outside auditor can recompute it.
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  const canonical = canonicalize({
    streamId: fields.streamId,
    revision: fields.revision,
    eventId: fields.eventId,
    type: fields.type,
    data: fields.data,
    occurredAt: fields.occurredAt,
    recordedAt: fields.recordedAt,
    actor: fields.actor,
    correlationId: fields.correlationId,
    causationId: fields.causationId,
  });
  if (canonical === undefined) throw new Error('The event cannot be canonicalized');
  return createHash('sha256')
    .update(prevHash + canonical, 'utf8')
    .digest('hex');
}
