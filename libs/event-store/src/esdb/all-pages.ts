import type { Position } from '@eventstore/db-client';
import { nextPageStart, readStartAfter, toPortPosition } from './esdb-positions';
import { cancelOnExit, type CancellableRead } from './streaming-read';

/** One record of `$all`: its position, and the event unless the port hides it (system events). */
export interface AllRecord<E> {
  position: Position;
  event: E | undefined;
}

/** One gRPC read of `$all` (the client's `readAll`), mapped to AllRecords. */
export type ReadAllPage<E> = (
  start: Position | 'start' | 'end',
  direction: 'forwards' | 'backwards',
  maxCount: number,
) => CancellableRead<AllRecord<E>>;

/**
 * The visible events after `after`, in `$all` order, read a page at a time. Each page after
 * the first starts at the last record of the one before (reads are inclusive) and skips what
 * it has seen, so hidden events never end the walk early. Stop iterating to stop reading.
 */
export async function* eventsAfter<E>(
  readPage: ReadAllPage<E>,
  after: bigint,
  pageSize: number,
): AsyncGenerator<E, void, undefined> {
  assertPageSize(pageSize);
  let cursor = after;
  let start: Position | 'start' = readStartAfter(after);
  for (;;) {
    let seen = 0;
    let last: Position | undefined;
    for await (const record of cancelOnExit(readPage(start, 'forwards', pageSize))) {
      seen += 1;
      last = record.position;
      const position = toPortPosition(record.position);
      if (position <= cursor) continue;
      cursor = position;
      if (record.event !== undefined) yield record.event;
    }
    if (seen < pageSize || !last) return;
    start = nextPageStart(last);
  }
}

/** The visible events from the end of `$all` backwards, a page at a time. */
export async function* eventsFromEnd<E>(
  readPage: ReadAllPage<E>,
  pageSize: number,
): AsyncGenerator<E, void, undefined> {
  assertPageSize(pageSize);
  let cursor: bigint | undefined;
  let start: Position | 'end' = 'end';
  for (;;) {
    let seen = 0;
    let last: Position | undefined;
    for await (const record of cancelOnExit(readPage(start, 'backwards', pageSize))) {
      seen += 1;
      last = record.position;
      const position = toPortPosition(record.position);
      if (cursor !== undefined && position >= cursor) continue;
      cursor = position;
      if (record.event !== undefined) yield record.event;
    }
    if (seen < pageSize || !last) return;
    start = nextPageStart(last);
  }
}

function assertPageSize(pageSize: number): void {
  // A page of one would see only the record it starts at, again and again.
  if (!Number.isSafeInteger(pageSize) || pageSize < 2) {
    throw new RangeError(`A page holds at least 2 records, got ${pageSize}`);
  }
}
