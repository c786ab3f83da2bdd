import type { RecordedEvent } from './recorded-event';

const NEXT_TURN = Symbol('next turn');
const nextTurn = () => new Promise<typeof NEXT_TURN>((resolve) => setImmediate(() => resolve(NEXT_TURN)));

/**
 * A subscription's events in batches of what is ready: each batch takes the events available
 * before the event loop's next turn (many during a catch-up, one or a few once live), up to
 * `max`. The next batch is read while the consumer works on the previous one.
 */
export async function* readyBatches(
  events: AsyncIterable<RecordedEvent>,
  max: number,
): AsyncGenerator<RecordedEvent[], void, undefined> {
  const iterator = events[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    next = iterator.next();
    const turn = nextTurn();
    while (batch.length < max) {
      const ready = await Promise.race([next, turn]);
      if (ready === NEXT_TURN || ready.done) break;
      batch.push(ready.value);
      next = iterator.next();
    }
    yield batch;
  }
}
