import type { EventStore } from './event-store';

/**
 * Which history a store holds, and how far it goes. `storeId` is a random UUID written when
 * the store was created (SQLite: a table of its own in the file; EventStoreDB: the first event
 * of the stream `store-identity`); a restore gives the installed copy a new one.
 */
export interface StoreIdentity {
  storeId: string;
  head: bigint;
}

/**
 * Where a state kept outside the log (a checkpoint, a webhook position, a stored answer)
 * stands: which store's history it followed, and the position it reached there. `storeId` is
 * undefined for state written before stores had an identity.
 */
export interface LogMark {
  storeId: string | undefined;
  position: bigint;
  /**
   * The id of the event at `position` when the state was written (undefined: not recorded).
   * A copy of the store put back by hand keeps its storeId, and once written to again its
   * head may pass the position: only the event found there tells the histories apart.
   */
  eventId?: string;
}

export type MarkVerdict = { follows: true } | { follows: false; reason: string };

/**
 * Whether a state outside the log belongs to this store's history. Another storeId, or a
 * position beyond the head, means it followed another history (a restored or replaced store,
 * two deployments on one REDIS_PREFIX): it must be rebuilt, reconciled or resumed, never
 * trusted. State without a storeId (written before this check existed) is taken as this
 * store's when it is not ahead of the head, and should then be stamped with the storeId.
 */
export function checkMark(mark: LogMark, store: StoreIdentity): MarkVerdict {
  if (mark.storeId !== undefined && mark.storeId !== store.storeId) {
    return {
      follows: false,
      reason: `recorded for store ${mark.storeId}, but the store is ${store.storeId} (a restored or replaced store, or another deployment on the same REDIS_PREFIX)`,
    };
  }
  if (mark.position > store.head) {
    return {
      follows: false,
      reason: `at position ${mark.position}, beyond the store's head ${store.head} (the store was restored from an older copy or replaced)`,
    };
  }
  return { follows: true };
}

/**
 * checkMark, then, for a mark that records its event, whether the store holds that very
 * event at the mark's position (one read of one event).
 */
export async function verifyMark(
  mark: LogMark,
  identity: StoreIdentity,
  store: Pick<EventStore, 'readAll'>,
): Promise<MarkVerdict> {
  const verdict = checkMark(mark, identity);
  if (!verdict.follows || mark.eventId === undefined || mark.position <= 0n) return verdict;
  if ((await eventIdAt(store, mark.position)) === mark.eventId) return verdict;
  return {
    follows: false,
    reason: `at position ${mark.position}, where the store holds another event (an older copy of the store was put back and written to since)`,
  };
}

/** The id of the event at `position`, or undefined when the store holds none there. */
export async function eventIdAt(
  store: Pick<EventStore, 'readAll'>,
  position: bigint,
): Promise<string | undefined> {
  if (position <= 0n) return undefined;
  const [event] = await store.readAll({ after: position - 1n, maxCount: 1 });
  return event?.position === position ? event.id : undefined;
}

/** The store's identity and head, read together. */
export async function readStoreIdentity(store: {
  storeId(): Promise<string>;
  headPosition(): Promise<bigint>;
}): Promise<StoreIdentity> {
  const [storeId, head] = await Promise.all([store.storeId(), store.headPosition()]);
  return { storeId, head };
}
