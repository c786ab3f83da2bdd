import type { RecordedEvent } from '@cl/event-store';
import { isPublicStream } from './public-streams';

/** What a consumer asked for: event types and a stream prefix, both optional. */
export interface EventSelection {
  types?: readonly string[];
  streamPrefix?: string;
}

/**
 * The test every published event passes: a public stream, then the consumer's filters. The
 * live stream applies it in the process to what it follows, so that it knows how far it has
 * examined (its keep-alive ids); the feed and webhooks have the store select (`scanAll`).
 */
export function eventSelector(selection: EventSelection): (event: RecordedEvent) => boolean {
  const types = selection.types && selection.types.length > 0 ? new Set(selection.types) : undefined;
  const prefix = selection.streamPrefix;
  return (event) =>
    isPublicStream(event.streamId) &&
    (types === undefined || types.has(event.type)) &&
    (prefix === undefined || event.streamId.startsWith(prefix));
}
