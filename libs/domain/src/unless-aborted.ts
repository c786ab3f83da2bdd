/** What `unlessAborted` answers when the signal aborted first. */
export const ABORTED = Symbol('aborted');

/**
 * The promise's value, or ABORTED as soon as the signal aborts: for waits that may outlast a
 * stop (BullMQ waits for an absent Redis for ever). The promise is left to settle alone; its
 * failure after the abort is ignored.
 */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(ABORTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      resolve(ABORTED);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
