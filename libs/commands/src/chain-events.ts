import { chainedEvent } from '@cl/audit';
import type { Instant } from '@cl/domain';
import type { EventToAppend, JsonObject } from '@cl/event-store';
import type { Actor } from './actor';

/** What the events of one append share, as chainEvents records it. */
export interface ChainContext {
  occurredAt: Instant;
  actor: Actor;
  correlationId: string;
  causationId: string;
  /** One id per event. */
  eventIds: readonly string[];
  /** The hash of the keyed request that wrote them (see StreamWriter). */
  requestHash?: string;
  /** 2 when their personal fields are sealed (docs/privacy.md); 1 otherwise. */
  schemaVersion?: number;
}

/**
 * The events a command decided, ready to append after `revision`: each with its id, the
 * metadata of docs/domain.md and its link in the stream's hash chain, starting from `prevHash`.
 */
export function chainEvents(
  streamId: string,
  revision: number,
  prevHash: string,
  decided: { type: string; data: object }[],
  context: ChainContext,
): { events: EventToAppend[]; lastHash: string } {
  const recordedAt = new Date().toISOString();
  const ids = context.eventIds;
  const extraMetadata: JsonObject = {
    ...(context.schemaVersion !== undefined && { schemaVersion: context.schemaVersion }),
    ...(context.requestHash !== undefined && { requestHash: context.requestHash }),
  };
  let lastHash = prevHash;
  const events = decided.map((event, index): EventToAppend => {
    const { hash, ...chained } = chainedEvent(
      lastHash,
      {
        streamId,
        revision: revision + 1 + index,
        eventId: ids[index],
        type: event.type,
        data: event.data as JsonObject,
        occurredAt: context.occurredAt,
        recordedAt,
        actor: context.actor,
        correlationId: context.correlationId,
        // An automatic follow-up (e.g. an escalation) is caused by the event before it.
        causationId: index === 0 ? context.causationId : ids[index - 1],
      },
      extraMetadata,
    );
    lastHash = hash;
    return chained;
  });
  return { events, lastHash };
}
