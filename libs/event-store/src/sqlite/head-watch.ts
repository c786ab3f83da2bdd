/**
 * The store's head position, and the subscribers waiting for it to move past a point.
 * Advanced only after a commit is durable, so nobody is woken for an event that could be lost.
 */
export class HeadWatch {
  private waiters = new Set<{ after: bigint; wake: () => void }>();

  constructor(private position: bigint) {}

  get head(): bigint {
    return this.position;
  }

  advance(position: bigint): void {
    if (position <= this.position) return;
    this.position = position;
    for (const waiter of this.waiters) {
      if (waiter.after < position) {
        this.waiters.delete(waiter);
        waiter.wake();
      }
    }
  }

  /** Wakes every waiter, e.g. when the store closes. */
  wakeAll(): void {
    for (const waiter of this.waiters) waiter.wake();
    this.waiters.clear();
  }

  /** Resolves once the head is beyond `after`, or when the signal aborts. */
  waitBeyond(after: bigint, signal: AbortSignal): Promise<void> {
    if (this.position > after || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        after,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
