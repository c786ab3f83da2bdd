/**
 * Runs tasks with the same key one after another (tasks with different keys run freely).
 * Within one process this turns concurrent commands on one stream into a queue instead of
 * a storm of optimistic-concurrency retries; across processes the expected revision still
 * guards every append.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
