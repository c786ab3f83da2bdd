import type { Position } from '@eventstore/db-client';
import { EventStoreUnsupportedError } from '../errors';

/**
 * The port's position on EventStoreDB: the event's log position (a byte offset in the
 * transaction log, so positions increase in `$all` order but are not event counts).
 *
 * Every event appended over gRPC is written as a self-committing prepare record, and
 * `$all` reports it at `{commit: p, prepare: p}` with p its log position
 * (EventStore.Core/Services/Storage/ReaderIndex/AllReader.cs, ReadAllEventsForwardInternal:
 * `new CommitEventRecord(eventRecord, prepare.LogPosition)`). Only events of explicit
 * transactions (the legacy TCP API, or a database carried over from 5.x) have a commit
 * position above their prepare position; this adapter refuses those (see `toPortPosition`).
 */
export function toPortPosition(position: Position): bigint {
  if (position.commit !== position.prepare) {
    throw new EventStoreUnsupportedError(
      `EventStoreDB returned an event at commit ${position.commit} / prepare ${position.prepare}: ` +
        'it was written in an explicit transaction (legacy TCP API), which this service does not support',
    );
  }
  return position.prepare;
}

/**
 * Where a read of `$all` starts to see the events after `after` (a port position): the
 * event at `after` itself, which the reader then skips. A read starts at a record (inclusive),
 * and the server's Position refuses a commit below the prepare
 * (EventStore.Core/Services/Transport/Common/Position.cs: "The commit position cannot be less
 * than the prepare position"), so `{commit: p, prepare: p + 1}` is never valid.
 */
export function readStartAfter(after: bigint): Position | 'start' {
  if (after < 0n) throw new RangeError(`A position is >= 0, got ${after}`);
  return after === 0n ? 'start' : { commit: after, prepare: after };
}

/**
 * Where the next forwards page starts after a page whose last record was at `last`: at that
 * record again (inclusive), skipped by position. Backwards, a read from `last` returns only
 * the records that end at or before it, so `last` is not seen again
 * (AllReader.cs, ReadAllEventsBackwardInternal: `RecordPostPosition <= pos`).
 */
export function nextPageStart(last: Position): Position {
  return { commit: last.commit, prepare: last.prepare };
}
