import type { ChainableCommander, Redis } from 'ioredis';
import type { RecordedEvent } from '@cl/event-store';

/** What a projection gets to update its read model for one batch of events. */
export interface ProjectionContext {
  /** For reading the read model's current values before writing. */
  redis: Redis;
  /** The writes of this batch; applied atomically with the checkpoint (MULTI/EXEC). */
  tx: ChainableCommander;
  /** Every key of the read model starts with it. */
  keyPrefix: string;
  /**
   * More events wait behind this batch (it is full: a catch-up, a rebuild). Work that only
   * keeps a view fresh for now, and that a later batch would redo, may wait until the
   * projection has caught up, provided a query meanwhile still answers correctly.
   */
  catchingUp?: boolean;
}

/**
 * Work a projection leaves for after its batch is committed; `replies` are those of the
 * commands it queued into the batch's MULTI, in order.
 */
export type AfterCommit = (replies: readonly unknown[]) => Promise<unknown>;

/**
 * An async projection: folds events into a read model in Redis. The runner feeds it batches
 * in global order, each after the checkpoint, and commits the batch's writes together with
 * the new checkpoint, so a crash never applies an event twice or skips one.
 */
export interface Projection {
  readonly name: string;
  /**
   * The read model's version (default 1). Raise it when the read model's keys or their
   * meaning change: a runner that finds its read model built by another version deletes it
   * and builds it again from the first event.
   */
  readonly version?: number;
  /** Only these event types are read; all when absent. */
  readonly eventTypes?: readonly string[];
  /**
   * Queues the batch's writes into `context.tx`. It may return work that needs the batch
   * committed (e.g. what its commands answered): the runner runs it after the commit; a
   * failure there is reported, and the read model must stay correct without it.
   */
  project(events: readonly RecordedEvent[], context: ProjectionContext): Promise<void | AfterCommit>;
}
