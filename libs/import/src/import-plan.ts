import { complaintStreamId } from '@cl/complaints';
import type { ImportCommandType, ImportOperation } from './import-operation';
import { rowHash, rowScope } from './row-identity';

/** A row with its identity: the scope its events' ids derive from. */
export interface PlannedOperation extends ImportOperation {
  scope: string;
  requestHash: string;
}

/**
 * Among rows of one instant, the order a complaint's life goes through (docs/import.md):
 * exports at minute resolution give a filing, its assignment and its resolution one time.
 * A root cause goes last (any status takes it). Purchases and profile updates (rank 0, like
 * refused rows) keep file order.
 */
const LIFECYCLE_RANK: Partial<Record<ImportCommandType, number>> = {
  file: 0,
  acknowledge: 1,
  assign: 2,
  escalate: 3,
  pause: 4,
  resume: 5,
  extend: 6,
  resolve: 7,
  recordCallback: 8,
  recordSatisfaction: 9,
  close: 10,
  reopen: 11,
  // Allowed in any status: after whatever else happened at that instant.
  recordRootCause: 12,
};
const lifecycleRank = (operation: ImportOperation) =>
  (operation.command && LIFECYCLE_RANK[operation.command]) ?? 0;

/** The rows of one stream, in the order they are applied: occurredAt, lifecycle, file order. */
export interface StreamPlan {
  streamId: string;
  operations: PlannedOperation[];
  /** A complaint this stream's filing follows, filed from the same file: it goes first. */
  after?: string;
}

export interface ImportPlan {
  /** Streams in an order where every stream comes after the one it follows. */
  streams: StreamPlan[];
  operations: number;
}

/**
 * Groups the rows by stream, gives each its identity (its ordinal among identical rows of
 * its stream, in file order), orders each stream's rows by occurredAt (among equal times in
 * lifecycle order, then file order; rows without a valid time first, they are refused anyway),
 * so that a shuffled file imports as the sorted one, and orders the
 * streams so that a follow-up comes after the complaint it follows (a cycle of follow-ups
 * is left as it is: its first filing is refused by the rules, as the API would).
 */
export function planImport(operations: Iterable<ImportOperation>): ImportPlan {
  const byStream = new Map<string, PlannedOperation[]>();
  const ordinals = new Map<string, number>();
  let count = 0;
  for (const operation of operations) {
    count++;
    const key = `${operation.streamId}\n${operation.canonical}`;
    const ordinal = ordinals.get(key) ?? 0;
    ordinals.set(key, ordinal + 1);
    const planned: PlannedOperation = {
      ...operation,
      scope: rowScope(operation.streamId, operation.canonical, ordinal),
      requestHash: rowHash(operation.canonical),
    };
    const list = byStream.get(operation.streamId);
    if (list) list.push(planned);
    else byStream.set(operation.streamId, [planned]);
  }

  const streams = new Map<string, StreamPlan>();
  for (const [streamId, list] of byStream) {
    const ordered = list
      .map((operation, index) => ({ operation, index }))
      .sort(
        (a, b) =>
          compareTimes(a.operation.occurredAt, b.operation.occurredAt) ||
          lifecycleRank(a.operation) - lifecycleRank(b.operation) ||
          a.index - b.index,
      )
      .map(({ operation }) => operation);
    const followed = ordered.find((operation) => operation.followUpOf !== undefined)?.followUpOf;
    const after = followed === undefined ? undefined : complaintStreamId(followed);
    streams.set(streamId, {
      streamId,
      operations: ordered,
      ...(after !== undefined && after !== streamId && byStream.has(after) && { after }),
    });
  }

  // Depth-first: each stream after the one it follows; a stream seen again while its own
  // chain is being placed closes a cycle, and the cycle is cut there.
  const placed = new Set<string>();
  const placing = new Set<string>();
  const order: StreamPlan[] = [];
  const place = (stream: StreamPlan) => {
    if (placed.has(stream.streamId)) return;
    placing.add(stream.streamId);
    const before = stream.after === undefined ? undefined : streams.get(stream.after);
    if (before && !placing.has(before.streamId)) place(before);
    else if (before) delete stream.after;
    placing.delete(stream.streamId);
    placed.add(stream.streamId);
    order.push(stream);
  };
  for (const stream of streams.values()) place(stream);
  return { streams: order, operations: count };
}

function compareTimes(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}
