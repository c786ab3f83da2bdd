import { backoffDelay, delay } from './backoff';
import { isTransientError } from './esdb-errors';

/** A live subscription to `$all` (the client's `subscribeToAll`); undefined for hidden events. */
export interface AllSubscription<E> extends AsyncIterable<E | undefined> {
  unsubscribe(): Promise<void>;
}

export interface FollowOptions<E extends { position: bigint }> {
  /** Exclusive start position. */
  after: bigint;
  signal: AbortSignal;
  subscribe: (after: bigint) => AllSubscription<E>;
  /** Events past the position that the caller wants (the rest only move the position). */
  keep: (event: E) => boolean;
  backoff: { baseMs: number; maxMs: number };
  /** Told before each wait for a new subscription, which will start after `resumeAfter`. */
  onRetry: (reason: unknown, delayMs: number, attempt: number, resumeAfter: bigint) => void;
  random?: () => number;
}

/**
 * Every event after `after`, resubscribing after the last delivered event when the
 * subscription drops for a transient reason (server restart, leader change, network), with
 * exponential back-off reset by each delivered event. Any other error (access denied, an
 * unsupported log record, ...) ends the iteration with that error. Ends quietly on abort.
 */
export async function* followAll<E extends { position: bigint }>(
  options: FollowOptions<E>,
): AsyncGenerator<E, void, undefined> {
  const { signal } = options;
  let after = options.after;
  let attempt = 0;
  while (!signal.aborted) {
    const subscription = options.subscribe(after);
    const stop = () => void subscription.unsubscribe().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    let reason: unknown;
    try {
      for await (const event of subscription) {
        if (!event || event.position <= after) continue;
        after = event.position;
        attempt = 0;
        if (options.keep(event)) yield event;
        if (signal.aborted) return;
      }
      reason = new Error('the server ended the subscription');
    } catch (error) {
      if (!isTransientError(error) && !signal.aborted) throw error;
      reason = error;
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
    if (signal.aborted) return;
    attempt += 1;
    const wait = backoffDelay(attempt, options.backoff, options.random);
    options.onRetry(reason, wait, attempt, after);
    await delay(wait, signal);
  }
}
