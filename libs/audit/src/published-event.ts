import type { JsonObject, RecordedEvent } from '@cl/event-store';
import { sealedFieldsOf, type SealedFields } from '@cl/personal-data';
import type { ChainedActor, ChainedFields } from './hash-chain';

/**
 * The shape of an event wherever it leaves the service: history, audit export, the feed, the
 * live stream and webhooks (docs/http-api.md, Audit). `recordedAt` is the one the hash covers
 * (metadata.recordedAt, set when the command was accepted), so an outside auditor recomputes
 * every hash from this shape alone. Metadata an event lacks is null. The personal fields of
 * `data` are shown opened (in clear, or "[erased]"); `sealed` holds their stored values, which
 * the hash covers: put back into `data` (withSealedFields of @cl/personal-data), they give the
 * data as stored.
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
  /**
   * The stored (sealed) values of the personal fields, by dotted field name: only on events
   * stored with sealed personal fields (schemaVersion 2 and later).
   */
  sealed?: SealedFields;
}

/** What opens events' personal fields for showing (PersonalDataCipher of @cl/personal-data). */
export interface EventOpener {
  open(events: readonly RecordedEvent[]): Promise<RecordedEvent[]>;
}

/**
 * Stored events in the published shape, their personal fields opened in one call for the
 * whole batch (in clear, or "[erased]" where the key is gone), with the stored values in `sealed`.
 */
export async function publishEvents(
  events: readonly RecordedEvent[],
  opener: EventOpener,
): Promise<PublishedEvent[]> {
  const shown = await opener.open(events);
  return events.map((event, index) => publishedEvent(event, shown[index]));
}

/**
 * A stored event in the published shape, `data` taken from `shown` (the same event opened by
 * EventOpener.open) and `sealed` from the stored one.
 */
export function publishedEvent(stored: RecordedEvent, shown: RecordedEvent): PublishedEvent {
  const published = toPublishedEvent(shown);
  const sealed = sealedFieldsOf(stored);
  return sealed === undefined ? published : { ...published, sealed };
}

/**
 * An event in the published shape, `data` as given: for events with no sealed personal field,
 * or (from publishedEvent) for one already opened. What leaves the service goes through
 * publishEvents or publishedEvent.
 */
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
