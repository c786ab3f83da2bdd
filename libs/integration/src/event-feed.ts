import type { EventStore, RecordedEvent } from '@cl/event-store';
import { eventSelector, type EventSelection } from './event-selection';

export const FEED_LIMIT_DEFAULT = 100;
export const FEED_LIMIT_MAX = 1000;
/** Events read from the store at a time while filling a page. */
const READ_BATCH = 1000;
/**
 * At most this many events are examined for one page: a rare filter answers with a short (or
 * empty) page and a `next` that moved on, instead of walking the whole log in one request.
 */
export const FEED_SCAN_BUDGET = 20_000;

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
 * One page of the published feed after `after`, in position order. The store reads only
 * committed events up to its head, in position order, so a page taken while appends run sees
 * a prefix of the log and the next page continues from where this one stopped looking.
 */
export async function readFeedPage(
  store: EventStore,
  request: { after: bigint; limit: number; selection: EventSelection; scanBudget?: number },
): Promise<FeedPage> {
  const matches = eventSelector(request.selection);
  const budget = request.scanBudget ?? FEED_SCAN_BUDGET;
  const events: RecordedEvent[] = [];
  let next = request.after;
  let examined = 0;
  // The first read asks for what the page still needs; each further one (a filter skipped
  // some) for twice as many, up to READ_BATCH: no more rows read than a page uses when the
  // filter matches everything, few reads when it matches little.
  let batchSize = Math.min(request.limit, READ_BATCH);
  while (events.length < request.limit && examined < budget) {
    const wanted = Math.min(batchSize, budget - examined);
    const batch = await store.readAll({ after: next, maxCount: wanted });
    for (const event of batch) {
      examined++;
      next = event.position;
      if (matches(event)) {
        events.push(event);
        if (events.length === request.limit) break;
      }
    }
    // A short batch reached the head: what comes after it is for the next page.
    if (batch.length < wanted) break;
    batchSize = Math.min(batchSize * 2, READ_BATCH);
  }
  return { events, next };
}
