import type { EventToAppend, JsonObject } from '@cl/event-store';
import { chainHash, type ChainedActor, type ChainedFields } from './hash-chain';

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
  const actor = recordedActor(fields.actor);
  const hash = chainHash(prevHash, { ...fields, actor });
  return {
    id: fields.eventId,
    type: fields.type,
    data: fields.data as JsonObject,
    metadata: {
      occurredAt: fields.occurredAt,
      recordedAt: fields.recordedAt,
      actor,
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

/**
 * The actor as events record it and their hash covers it: id, role, and name and via when
 * known; nothing else an actor object may carry.
 */
function recordedActor({ id, role, name, via }: ChainedActor): ChainedActor {
  return {
    id,
    role,
    ...(name === undefined ? {} : { name }),
    ...(via === undefined ? {} : { via }),
  };
}
