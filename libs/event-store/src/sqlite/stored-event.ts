import type { JsonObject, RecordedEvent } from '../recorded-event';

/**
 * A recorded event read from SQLite. Data and metadata stay JSON text until first read, so a
 * reader that looks only at types, streams or positions never pays for JSON.parse (the bulk
 * of a read's cost). They are getters: a spread copy (`{...event}`) leaves them out; use
 * the fields by name, or JSON.stringify (toJSON includes them).
 */
export class StoredEvent implements RecordedEvent {
  readonly #dataJson: string;
  readonly #metadataJson: string;
  #data: JsonObject | undefined;
  #metadata: JsonObject | undefined;

  constructor(
    readonly position: bigint,
    readonly streamId: string,
    readonly revision: number,
    readonly id: string,
    readonly type: string,
    dataJson: string,
    metadataJson: string,
    readonly recordedAt: string,
  ) {
    this.#dataJson = dataJson;
    this.#metadataJson = metadataJson;
  }

  get data(): JsonObject {
    return (this.#data ??= JSON.parse(this.#dataJson) as JsonObject);
  }

  get metadata(): JsonObject {
    return (this.#metadata ??= JSON.parse(this.#metadataJson) as JsonObject);
  }

  toJSON() {
    return {
      id: this.id,
      streamId: this.streamId,
      revision: this.revision,
      position: this.position.toString(),
      type: this.type,
      data: this.data,
      metadata: this.metadata,
      recordedAt: this.recordedAt,
    };
  }
}
