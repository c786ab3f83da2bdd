/** A gRPC read as the client returns it: its events, and `cancel()` to end the call. */
export interface CancellableRead<T> extends AsyncIterable<T> {
  cancel(): Promise<void>;
}

/**
 * Iterates a read and cancels its gRPC call when the consumer stops before the end (break,
 * return, throw). Leaving a `for await` over the client's ReadStream only destroys the
 * Node stream; the call itself stays open until the server has sent everything
 * (@eventstore/db-client streams/utils/ReadStream.ts: only `cancel()` cancels the call).
 */
export async function* cancelOnExit<T>(read: CancellableRead<T>): AsyncGenerator<T, void, undefined> {
  let complete = false;
  try {
    for await (const item of read) yield item;
    complete = true;
  } finally {
    if (!complete) await read.cancel().catch(() => undefined);
  }
}
