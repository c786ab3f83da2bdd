import type { EventStore, RecordedEvent } from '@cl/event-store';
import type { EventSelection } from './event-selection';
import { isPublicStream } from './public-streams';

export const FEED_LIMIT_DEFAULT = 100;
export const FEED_LIMIT_MAX = 1000;
/**
 * About this many events are examined for one page: a rare filter answers with a short (or
 * empty) page and a `next` that moved on, instead of walking the whole log in one request.
 */
export const FEED_SCAN_BUDGET = 20_000;
/**
 * Reads for one page. A further read happens only when a full read held internal events
 * (subscriptions), which the page leaves out.
 */
const MAX_READS = 4;

export interface FeedPage {
  events: RecordedEvent[];
  /**
   * The highest position the page examined, matching the selection or not (so a filtered feed
   * always advances); `after` itself when nothing new exists. Passed back as `after`, the next
   * page starts exactly after what this one looked at: nothing repeated, nothing skipped.
   */
  next: bigint;
}

/**
 * One page of the published feed after `after`, in position order. The store selects by type
 * and stream prefix (in SQL on SQLite) and says how far it looked; the page then keeps the
 * public streams only. The store reads only committed events up to its head, in position
 * order, so a page taken while appends run sees a prefix of the log and the next page
 * continues from where this one stopped looking.
 */
export async function readFeedPage(
  store: EventStore,
  request: { after: bigint; limit: number; selection: EventSelection; scanBudget?: number },
): Promise<FeedPage> {
  const { types, streamPrefix } = request.selection;
  const filter = {
    ...(types && types.length > 0 && { eventTypes: types }),
    ...(streamPrefix !== undefined && { streamPrefix }),
  };
  const scanLimit = request.scanBudget ?? FEED_SCAN_BUDGET;
  const events: RecordedEvent[] = [];
  let next = request.after;
  for (let reads = 0; reads < MAX_READS && events.length < request.limit; reads++) {
    const maxCount = request.limit - events.length;
    const scan = await store.scanAll({ after: next, maxCount, filter, scanLimit });
    for (const event of scan.events) if (isPublicStream(event.streamId)) events.push(event);
    next = scan.examinedUpTo;
    // Short of what was asked: the scan reached the head or its limit.
    if (scan.events.length < maxCount) break;
  }
  return { events, next };
}
