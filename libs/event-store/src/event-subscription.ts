import { Observable } from 'rxjs';
import type { RecordedEvent } from './recorded-event';

/** Produces a subscription's events until the signal aborts. */
export type EventSource = (signal: AbortSignal) => AsyncGenerator<RecordedEvent, void, undefined>;

/**
 * A catch-up-then-live subscription. Pull-based (an async iterable), so a slow consumer is
 * never flooded; `asObservable()` gives the same events as an rxjs Observable.
 * It can be iterated once.
 */
export class EventSubscription implements AsyncIterable<RecordedEvent> {
  private readonly abort = new AbortController();
  private started = false;

  constructor(private readonly source: EventSource) {}

  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.started) throw new Error('An EventSubscription can be iterated only once');
    this.started = true;
    return this.source(this.abort.signal);
  }

  /** Stops the subscription; a pending `next()` ends with `done`. */
  close(): void {
    this.abort.abort();
  }

  asObservable(): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      void (async () => {
        try {
          for await (const event of this) {
            if (subscriber.closed) break;
            subscriber.next(event);
          }
          subscriber.complete();
        } catch (error) {
          subscriber.error(error);
        }
      })();
      return () => this.close();
    });
  }
}

/** Resolves when the signal aborts; never rejects. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
