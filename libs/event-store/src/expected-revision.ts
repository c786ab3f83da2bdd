/**
 * What the writer expects the stream to be at, with EventStoreDB's numbering: the first
 * event has revision 0, `no_stream` means no event yet.
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

/** A stream's actual revision as reported in a conflict: `no_stream` or its last revision. */
export type ActualRevision = 'no_stream' | number;

export const NO_STREAM = 'no_stream' as const;
export const ANY = 'any' as const;
export const STREAM_EXISTS = 'stream_exists' as const;

/** Revision of a stream that has no events. */
export const NO_STREAM_REVISION = -1;

export function toActualRevision(revision: number): ActualRevision {
  return revision === NO_STREAM_REVISION ? NO_STREAM : revision;
}

/** True when a stream at `current` (-1 for none) satisfies `expected`. */
export function satisfiesExpectedRevision(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case ANY:
      return true;
    case NO_STREAM:
      return current === NO_STREAM_REVISION;
    case STREAM_EXISTS:
      return current !== NO_STREAM_REVISION;
    default:
      return current === expected;
  }
}
