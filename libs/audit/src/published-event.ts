import type { JsonObject, RecordedEvent } from '@cl/event-store';
import type { ChainedActor, ChainedFields } from './hash-chain';

/**
 * The shape of an event wherever it leaves the service: history, audit export, and later the
 * feed, the live stream and webhooks (docs/http-api.md, Audit). `recordedAt` is the one the hash
 * covers (metadata.recordedAt, set when the command was accepted), so an outside auditor
 * recomputes every hash from this shape alone. Metadata an event lacks is null.
 */
export interface PublishedEvent {
  eventId: string;
  streamId: string;
  type: string;
  revision: number;
  /** A decimal string (positions may exceed 2^53). */
  position: string;
  occurredAt: string | null;
  recordedAt: string;
  actor: ChainedActor | null;
  correlationId: string | null;
  causationId: string | null;
  data: object;
  hash: string | null;
  prevHash: string | null;
}

export function toPublishedEvent(event: RecordedEvent): PublishedEvent {
  const metadata = event.metadata;
  return {
    eventId: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: event.revision,
    position: event.position.toString(),
    occurredAt: textOrNull(metadata.occurredAt),
    recordedAt: textOrNull(metadata.recordedAt) ?? event.recordedAt,
    actor: (metadata.actor as PublishedEvent['actor'] | undefined) ?? null,
    correlationId: textOrNull(metadata.correlationId),
    causationId: textOrNull(metadata.causationId),
    data: event.data,
    hash: textOrNull(metadata.hash),
    prevHash: textOrNull(metadata.prevHash),
  };
}

/** What the event's hash covers, exactly as stored (a missing field stays missing). */
export function chainedFieldsOf(event: RecordedEvent): ChainedFields {
  const metadata: JsonObject = event.metadata;
  return {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.id,
    type: event.type,
    data: event.data,
    occurredAt: metadata.occurredAt as string,
    recordedAt: metadata.recordedAt as string,
    actor: metadata.actor as ChainedFields['actor'],
    correlationId: metadata.correlationId as string,
    causationId: metadata.causationId as string,
  };
}

/** The stored hash of an event ('' when it has none: such an event never verifies). */
export function storedHashOf(event: RecordedEvent): string {
  const hash = event.metadata.hash;
  return typeof hash === 'string' ? hash : '';
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
