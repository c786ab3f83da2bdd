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
      actor: recordedActor(fields.actor),
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

/** The actor as events record it: id and role, and name and via where it has them. */
function recordedActor(actor: ChainedFields['actor']): JsonObject {
  return {
    id: actor.id,
    role: actor.role,
    ...(actor.name !== undefined && { name: actor.name }),
    ...(actor.via !== undefined && { via: actor.via }),
  };
}
