import { backoffDelay, delay } from './backoff';
import { isTransientError } from './esdb-errors';

/**
 * Runs `call` up to `attempts` times while it fails with a transient error (see
 * isTransientError), waiting with exponential back-off between attempts. Any other error,
 * or the last transient one, is thrown.
 */
export async function retryTransient<T>(
  call: () => Promise<T>,
  attempts: number,
  backoff: { baseMs: number; maxMs: number },
  sleep: (ms: number) => Promise<void> = delay,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransientError(error)) throw error;
      await sleep(backoffDelay(attempt, backoff));
    }
  }
}
