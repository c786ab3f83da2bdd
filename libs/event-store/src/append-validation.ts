import { randomUUID } from 'node:crypto';
import { EventStoreValidationError } from './errors';
import { ANY, NO_STREAM, STREAM_EXISTS, type ExpectedRevision } from './expected-revision';
import type { EventToAppend } from './recorded-event';

export const MAX_STREAM_ID_LENGTH = 200;
export const MAX_EVENT_TYPE_LENGTH = 200;
/** Data and metadata of one event, as UTF-8 JSON. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/**
 * One whole append, measured as EventStoreDB measures it against its MaxAppendSize (default
 * 1 MiB): data + metadata + twice the type's length, summed over the events
 * (EventStore.Core/Data/Event.cs SizeOnDisk, Services/Transport/Grpc/Streams.BatchAppend.cs).
 */
export const MAX_APPEND_BYTES = 1024 * 1024;

/** An append that passed validation, with data and metadata already serialized. */
export interface ValidatedAppend {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: ValidatedEvent[];
}

export interface ValidatedEvent {
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateStreamId(streamId: unknown): string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new EventStoreValidationError('streamId', 'must be a non-empty string');
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new EventStoreValidationError('streamId', `must be at most ${MAX_STREAM_ID_LENGTH} characters`);
  }
  if (CONTROL_CHARACTERS.test(streamId)) {
    throw new EventStoreValidationError('streamId', 'must not contain control characters');
  }
  if (streamId.startsWith('$')) {
    throw new EventStoreValidationError('streamId', "must not start with '$' (reserved for system streams)");
  }
  return streamId;
}

export function validateExpectedRevision(value: unknown): ExpectedRevision {
  if (value === undefined) return ANY;
  if (value === ANY || value === NO_STREAM || value === STREAM_EXISTS) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new EventStoreValidationError(
    'expectedRevision',
    `must be 'no_stream', 'any', 'stream_exists' or a revision >= 0, got ${String(value)}`,
  );
}

export function validateAppend(
  streamId: unknown,
  events: unknown,
  expectedRevision: unknown,
): ValidatedAppend {
  const validStreamId = validateStreamId(streamId);
  const validExpected = validateExpectedRevision(expectedRevision);
  if (!Array.isArray(events) || events.length === 0) {
    throw new EventStoreValidationError('events', 'must be a non-empty list');
  }
  const validated = events.map((event: unknown, index) => validateEvent(event, `events[${index}]`));
  const ids = new Set(validated.map((event) => event.id));
  if (ids.size !== validated.length) {
    throw new EventStoreValidationError('events', 'must not repeat an event id');
  }
  const bytes = appendSize(validated);
  if (bytes > MAX_APPEND_BYTES) {
    throw new EventStoreValidationError(
      'events',
      `take ${bytes} bytes together, more than the ${MAX_APPEND_BYTES} one append may take (split them into several appends)`,
    );
  }
  return { streamId: validStreamId, expectedRevision: validExpected, events: validated };
}

/** The size of an append as EventStoreDB counts it against MaxAppendSize (see MAX_APPEND_BYTES). */
export function appendSize(events: readonly ValidatedEvent[]): number {
  let bytes = 0;
  for (const event of events) {
    bytes +=
      Buffer.byteLength(event.dataJson) + Buffer.byteLength(event.metadataJson) + 2 * event.type.length;
  }
  return bytes;
}

function validateEvent(value: unknown, field: string): ValidatedEvent {
  if (!isPlainObject(value)) throw new EventStoreValidationError(field, 'must be an object');
  const event = value as Partial<EventToAppend>;
  const id = event.id ?? randomUUID();
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new EventStoreValidationError(`${field}.id`, 'must be a UUID');
  }
  const type = event.type;
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_EVENT_TYPE_LENGTH) {
    throw new EventStoreValidationError(
      `${field}.type`,
      `must be a string of 1 to ${MAX_EVENT_TYPE_LENGTH} characters`,
    );
  }
  if (CONTROL_CHARACTERS.test(type)) {
    throw new EventStoreValidationError(`${field}.type`, 'must not contain control characters');
  }
  if (type.startsWith('$')) {
    // EventStoreDB stores such an event and then treats it as a system event.
    throw new EventStoreValidationError(
      `${field}.type`,
      "must not start with '$' (reserved for system events)",
    );
  }
  if (!isPlainObject(event.data)) {
    throw new EventStoreValidationError(`${field}.data`, 'must be a JSON object');
  }
  if (event.metadata !== undefined && !isPlainObject(event.metadata)) {
    throw new EventStoreValidationError(`${field}.metadata`, 'must be a JSON object');
  }
  const dataJson = toJson(event.data, `${field}.data`);
  const metadataJson = toJson(event.metadata ?? {}, `${field}.metadata`);
  const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
  if (bytes > MAX_EVENT_BYTES) {
    throw new EventStoreValidationError(
      field,
      `data and metadata take ${bytes} bytes, more than the ${MAX_EVENT_BYTES} allowed`,
    );
  }
  return { id: id.toLowerCase(), type, dataJson, metadataJson };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function toJson(value: unknown, field: string): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new EventStoreValidationError(field, `is not serializable as JSON (${(error as Error).message})`);
  }
}
