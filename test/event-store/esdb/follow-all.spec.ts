import { AccessDeniedError, UnavailableError } from '@eventstore/db-client';
import { followAll, type AllSubscription } from '../../../libs/event-store/src/esdb/follow-all';

interface Event {
  position: bigint;
  type: string;
}

/**
 * A scripted `$all` subscription: each subscribe() takes the next script, which yields its
 * events (those after the requested position) and then fails with its error, or stays open.
 */
function scriptedSubscriptions(log: Event[], failures: (Error | 'stay-open')[]) {
  const subscribedAfter: bigint[] = [];
  const subscribe = (after: bigint): AllSubscription<Event> => {
    subscribedAfter.push(after);
    const failure = failures.shift() ?? 'stay-open';
    let unsubscribe: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (unsubscribe = resolve));
    return {
      unsubscribe: async () => unsubscribe(),
      async *[Symbol.asyncIterator]() {
        // Two events per subscription, then the failure: each drop happens mid-stream.
        for (const event of log.filter((e) => e.position > after).slice(0, 2)) yield event;
        if (failure === 'stay-open') return void (await closed);
        throw failure;
      },
    };
  };
  return { subscribe, subscribedAfter };
}

describe('following $all on EventStoreDB', () => {
  const log: Event[] = [10n, 20n, 30n, 40n, 50n, 60n].map((position) => ({ position, type: 'E' }));
  const backoff = { baseMs: 1, maxMs: 4 };

  it('resubscribes after the last delivered event when the server goes away, with back-off', async () => {
    const { subscribe, subscribedAfter } = scriptedSubscriptions(log, [
      new UnavailableError(),
      new UnavailableError(),
    ]);
    const abort = new AbortController();
    const retries: number[] = [];
    const received: bigint[] = [];
    for await (const event of followAll({
      after: 0n,
      signal: abort.signal,
      subscribe,
      keep: () => true,
      backoff,
      onRetry: (_reason, delayMs) => retries.push(delayMs),
    })) {
      received.push(event.position);
      if (received.length === 6) abort.abort();
    }
    expect(received).toEqual([10n, 20n, 30n, 40n, 50n, 60n]);
    expect(subscribedAfter).toEqual([0n, 20n, 40n]);
    expect(retries).toHaveLength(2);
  });

  it('surfaces access denied instead of retrying it', async () => {
    const { subscribe, subscribedAfter } = scriptedSubscriptions(log, [new AccessDeniedError()]);
    const received: bigint[] = [];
    const following = (async () => {
      for await (const event of followAll({
        after: 0n,
        signal: new AbortController().signal,
        subscribe,
        keep: () => true,
        backoff,
        onRetry: () => undefined,
      })) {
        received.push(event.position);
      }
    })();
    await expect(following).rejects.toBeInstanceOf(AccessDeniedError);
    expect(received).toEqual([10n, 20n]);
    expect(subscribedAfter).toEqual([0n]);
  });

  it('waits longer after each failure in a row', async () => {
    const { subscribe } = scriptedSubscriptions(
      [],
      [new UnavailableError(), new UnavailableError(), new UnavailableError(), new UnavailableError()],
    );
    const abort = new AbortController();
    const attempts: number[] = [];
    const iterator = followAll({
      after: 0n,
      signal: abort.signal,
      subscribe,
      keep: () => true,
      backoff: { baseMs: 1, maxMs: 1000 },
      random: () => 1,
      onRetry: (_reason, delayMs, attempt) => {
        attempts.push(delayMs);
        if (attempt === 4) abort.abort();
      },
    });
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    expect(attempts).toEqual([1, 2, 4, 8]);
  });

  it('delivers only the events the caller keeps, but resumes after the last one seen', async () => {
    const mixed: Event[] = [
      { position: 10n, type: 'Other' },
      { position: 20n, type: 'Other' },
      { position: 30n, type: 'Wanted' },
    ];
    const { subscribe, subscribedAfter } = scriptedSubscriptions(mixed, [new UnavailableError()]);
    const abort = new AbortController();
    for await (const event of followAll({
      after: 0n,
      signal: abort.signal,
      subscribe,
      keep: (e) => e.type === 'Wanted',
      backoff,
      onRetry: () => undefined,
    })) {
      expect(event.position).toBe(30n);
      abort.abort();
    }
    expect(subscribedAfter).toEqual([0n, 20n]);
  });
});
