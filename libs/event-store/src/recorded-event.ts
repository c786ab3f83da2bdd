export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event as a writer hands it to the store. */
export interface EventToAppend<Type extends string = string, Data extends object = JsonObject> {
  /** A UUID; generated when absent. Appends are idempotent by it. */
  id?: string;
  type: Type;
  /** A JSON object. */
  data: Data;
  metadata?: JsonObject;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Type extends string = string, Data extends object = JsonObject> {
  id: string;
  streamId: string;
  /** Position in its stream, the first being 0. */
  revision: number;
  /** Position in the whole store: strictly increasing, in the order events became durable. */
  position: bigint;
  type: Type;
  data: Data;
  metadata: JsonObject;
  /** When the store recorded it, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  recordedAt: string;
}

/**
 * The event with other data: its fields copied by name, since a store's events may hold them
 * in getters (the SQLite store parses data and metadata lazily), which a spread would drop.
 */
export function withData(event: RecordedEvent, data: JsonObject): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}

/** The JSON form of a recorded event: the position as a decimal string, never a number. */
export interface RecordedEventJson {
  id: string;
  streamId: string;
  revision: number;
  position: string;
  type: string;
  data: object;
  metadata: JsonObject;
  recordedAt: string;
}

export function recordedEventToJson(event: RecordedEvent): RecordedEventJson {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}
