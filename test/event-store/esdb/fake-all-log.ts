import { UnknownError, type Position } from '@eventstore/db-client';
import type { AllRecord, ReadAllPage } from '../../../libs/event-store/src/esdb/all-pages';

/**
 * `$all` in memory, read by the rules of EventStoreDB 23.10/24.10, for testing the paging
 * helpers without a server:
 * - a position is refused when its commit is below its prepare
 *   (EventStore.Core/Services/Transport/Common/Position.cs), as UnknownError, which is what
 *   the client makes of the server's exception;
 * - a gRPC append's events sit at commit = prepare = their log position, and a forwards read
 *   includes the record at its start; a backwards read includes the records that end at or
 *   before its start (Services/Storage/ReaderIndex/AllReader.cs);
 * - the log opens with an epoch record at 0 (a system record), so no event sits at 0.
 */
export class FakeAllLog<E> {
  readonly records: { position: Position; size: number; event: E | undefined }[] = [];
  reads = 0;
  cancelled = 0;
  private end = 0n;

  constructor() {
    this.add(undefined, 128);
  }

  /** Appends a record of `size` bytes; `event` undefined for a hidden (system) event. */
  add(event: E | undefined, size = 100): bigint {
    const at = this.end;
    this.records.push({ position: { commit: at, prepare: at }, size, event });
    this.end += BigInt(size);
    return at;
  }

  readonly readPage: ReadAllPage<E> = (start, direction, maxCount) => {
    this.reads += 1;
    if (typeof start === 'object' && start.commit < start.prepare) {
      throw new UnknownError(undefined, 'The commit position cannot be less than the prepare position');
    }
    const selected =
      direction === 'forwards'
        ? this.records.filter((r) => start === 'start' || atOrAfter(r.position, start as Position))
        : this.records
            .filter((r) => {
              if (start === 'end') return true;
              const post = r.position.prepare + BigInt(r.size);
              return atOrAfter(
                { commit: (start as Position).commit, prepare: (start as Position).prepare },
                {
                  commit: post,
                  prepare: post,
                },
              );
            })
            .reverse();
    const page: AllRecord<E>[] = selected
      .slice(0, maxCount)
      .map((r) => ({ position: r.position, event: r.event }));
    return {
      cancel: async () => {
        this.cancelled += 1;
      },
      async *[Symbol.asyncIterator]() {
        for (const record of page) {
          await Promise.resolve();
          yield record;
        }
      },
    };
  };
}

function atOrAfter(a: Position, b: Position): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare >= b.prepare);
}
