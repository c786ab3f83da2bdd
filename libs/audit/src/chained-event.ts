import type { EventToAppend, JsonObject } from '@cl/event-store';
import { chainHash, type ChainedFields } from './hash-chain';

export const SCHEMA_VERSION = 1;

/**
 * An event ready to append as the next link of its stream's hash chain: the metadata of
 * docs/domain.md (plus `extraMetadata`, which the hash does not cover), prevHash and the hash of
 * the chained fields.
 */
export function chainedEvent(
  prevHash: string,
  fields: ChainedFields,
  extraMetadata: JsonObject = {},
): EventToAppend & { hash: string } {
  const hash = chainHash(prevHash, fields);
  return {
    id: fields.eventId,
    type: fields.type,
    data: fields.data as JsonObject,
    metadata: {
      occurredAt: fields.occurredAt,
      recordedAt: fields.recordedAt,
      actor: { id: fields.actor.id, role: fields.actor.role },
      correlationId: fields.correlationId,
      causationId: fields.causationId,
      schemaVersion: SCHEMA_VERSION,
      ...extraMetadata,
      prevHash,
      hash,
    },
    hash,
  };
}
