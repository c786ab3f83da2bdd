import { withData, type JsonObject, type RecordedEvent } from '@cl/event-store';
import type { DataKey, DataKeyStore } from './data-key-store';
import {
  ERASED,
  SEALED_SCHEMA_VERSION,
  fieldName,
  personalFieldsOf,
  type FieldPath,
} from './personal-fields';
import { keyIdOf, openValue, sealValue, UnreadableSealedValueError } from './sealed-value';

/** What an answer shows for a sealed value that does not open with its existing key (tampered with). */
export const UNREADABLE = '[unreadable]';

/** The stored (sealed) values of an event's personal fields, by dotted field name. */
export type SealedFields = Record<string, string>;

/**
 * Seals the personal fields of events as they are appended and opens them as they are read
 * (docs/privacy.md). The hash chain covers the sealed form: only the places that show
 * personal data (views, history, exports, feed, webhooks) open events; projections fold the
 * sealed form and never need a key.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: DataKeyStore) {}

  /**
   * The events with their personal fields sealed under the customer's current key, each bound
   * to its event id; events without personal fields are returned as they are.
   */
  async seal<Event extends { type: string; data: object }>(
    customerId: string,
    events: readonly Event[],
    eventIds: readonly string[],
  ): Promise<Event[]> {
    if (!events.some((event) => presentFields(event).length > 0)) return [...events];
    const dataKey = await this.keys.currentKey(customerId);
    return events.map((event, index) => sealEvent(event, dataKey, eventIds[index]));
  }

  /**
   * The events as readers show them: the personal fields of schemaVersion-2 events opened, or
   * ERASED where their key is gone. Events of version 1 (clear) and without personal fields
   * are returned as they are.
   */
  async open(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const keyIds = new Set<string>();
    for (const event of events) {
      if (!isSealedEvent(event)) continue;
      for (const path of personalFieldsOf(event.type)) {
        const keyId = keyIdOf(valueAt(event.data, path));
        if (keyId !== undefined) keyIds.add(keyId);
      }
    }
    if (keyIds.size === 0) return [...events];
    const keys = await this.keys.keysById([...keyIds]);
    return events.map((event) => (isSealedEvent(event) ? openEvent(event, keys) : event));
  }

  /**
   * A JSON value (e.g. read-model documents) with every sealed value in it opened, or ERASED
   * where its key is gone: for read models that keep personal fields sealed as the events
   * carry them, so that they hold nothing an erasure would have to remove.
   */
  async openValues<Value>(value: Value): Promise<Value> {
    const keyIds = new Set<string>();
    visitStrings(value, (text) => {
      const keyId = keyIdOf(text);
      if (keyId !== undefined) keyIds.add(keyId);
    });
    if (keyIds.size === 0) return value;
    const keys = await this.keys.keysById([...keyIds]);
    return mapStrings(value, (text) => {
      const keyId = keyIdOf(text);
      if (keyId === undefined) return text;
      const key = keys.get(keyId);
      return key === undefined ? ERASED : opened(text, key);
    }) as Value;
  }
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) visitStrings(item, visit);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) visitStrings(item, visit);
}

function mapStrings(value: unknown, map: (text: string) => unknown): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mapStrings(item, map)]));
  }
  return value;
}

/** Whether an event was stored with sealed personal fields (schemaVersion 2 and later). */
export function isSealedEvent(event: RecordedEvent): boolean {
  const version = event.metadata.schemaVersion;
  return (
    typeof version === 'number' && version >= SEALED_SCHEMA_VERSION && personalFieldsOf(event.type).length > 0
  );
}

/** The stored values of a sealed event's personal fields (what the hash covers), for auditors; undefined when none. */
export function sealedFieldsOf(event: RecordedEvent): SealedFields | undefined {
  if (!isSealedEvent(event)) return undefined;
  let sealed: SealedFields | undefined;
  for (const path of personalFieldsOf(event.type)) {
    const value = valueAt(event.data, path);
    if (typeof value === 'string') (sealed ??= {})[fieldName(path)] = value;
  }
  return sealed;
}

/** The data as stored from data shown with its sealed fields: the inverse of opening, for recomputing hashes. */
export function withSealedFields(data: object, sealed: SealedFields): object {
  let stored = data;
  for (const [name, value] of Object.entries(sealed)) stored = withValueAt(stored, name.split('.'), value);
  return stored;
}

function presentFields(event: { type: string; data: object }): readonly FieldPath[] {
  return personalFieldsOf(event.type).filter((path) => valueAt(event.data, path) !== undefined);
}

function sealEvent<Event extends { type: string; data: object }>(
  event: Event,
  dataKey: DataKey,
  eventId: string,
): Event {
  let data: object = event.data;
  for (const path of presentFields(event)) {
    data = withValueAt(data, path, sealValue(dataKey, binding(eventId, path), valueAt(data, path)));
  }
  return data === event.data ? event : { ...event, data };
}

function openEvent(event: RecordedEvent, keys: ReadonlyMap<string, Buffer>): RecordedEvent {
  let data: object = event.data;
  for (const path of personalFieldsOf(event.type)) {
    const sealed = valueAt(data, path);
    const keyId = keyIdOf(sealed);
    if (keyId === undefined) continue;
    const key = keys.get(keyId);
    data = withValueAt(
      data,
      path,
      key === undefined ? ERASED : opened(sealed as string, key, binding(event.id, path)),
    );
  }
  return withData(event, data as JsonObject);
}

function opened(sealed: string, key: Buffer, at?: string): unknown {
  try {
    return openValue(sealed, key, at);
  } catch (error) {
    if (error instanceof UnreadableSealedValueError) return UNREADABLE;
    throw error;
  }
}

const binding = (eventId: string, path: FieldPath): string => `${eventId}/${fieldName(path)}`;

function valueAt(data: object, path: FieldPath): unknown {
  let value: unknown = data;
  for (const name of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** A copy of `data` with the value at `path` replaced (the objects along the path copied, nothing else). */
function withValueAt(data: object, path: FieldPath, value: unknown): object {
  const [name, ...rest] = path;
  const record = data as Record<string, unknown>;
  const inner = record[name];
  if (rest.length > 0 && (typeof inner !== 'object' || inner === null)) return data;
  return { ...record, [name]: rest.length === 0 ? value : withValueAt(inner as object, rest, value) };
}
