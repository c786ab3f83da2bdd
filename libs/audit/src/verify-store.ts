import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { LogCheck, type LogVerification } from './log-check';
import { AUDIT_SEALS_STREAM } from './seal';
import { StreamChainCheck } from './stream-chain-check';

/** Small pages: a page's events (parsed on first use) die young instead of filling the old generation. */
const PAGE = 250;

/** GET /complaints/:id/verify (docs/http-api.md, Audit). */
export interface StreamVerification {
  streamId: string;
  valid: boolean;
  events: number;
  firstInvalidRevision?: number;
}

/** Every event of one stream in revision order, read a page at a time. */
export async function* readStreamPaged(store: EventStore, streamId: string): AsyncGenerator<RecordedEvent> {
  for (let fromRevision = 0; ;) {
    const page = await store.readStream(streamId, { fromRevision, maxCount: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    fromRevision = page[page.length - 1].revision + 1;
  }
}

/**
 * Every event with a position in (after, upTo] in position order, a page at a time: the log
 * is never held in memory.
 */
export async function* readLogPaged(
  store: EventStore,
  after: bigint,
  upTo: bigint,
): AsyncGenerator<RecordedEvent> {
  while (after < upTo) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      if (event.position > upTo) return;
      yield event;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

/** Checks one stream's hash chain. */
export async function verifyStream(store: EventStore, streamId: string): Promise<StreamVerification> {
  const check = new StreamChainCheck();
  for await (const event of readStreamPaged(store, streamId)) check.accept(event);
  return {
    streamId,
    valid: check.valid,
    events: check.events,
    ...(check.firstInvalidRevision !== undefined && { firstInvalidRevision: check.firstInvalidRevision }),
  };
}

export interface VerifyLogOptions {
  /** Called after each page with the position reached and the head verified up to. */
  onProgress?: (position: bigint, head: bigint, events: number) => void;
}

/**
 * Checks every stream's chain and every seal, in one pass over the log up to the head as it
 * was when the verification started (events appended meanwhile are left for the next one).
 */
export async function verifyLog(store: EventStore, options: VerifyLogOptions = {}): Promise<LogVerification> {
  const head = await store.headPosition();
  const seals: RecordedEvent[] = [];
  for await (const seal of readStreamPaged(store, AUDIT_SEALS_STREAM)) {
    if (seal.position <= head) seals.push(seal);
  }
  const check = new LogCheck(seals);
  let events = 0;
  for await (const event of readLogPaged(store, 0n, head)) {
    check.accept(event);
    if (++events % PAGE === 0) {
      options.onProgress?.(event.position, head, events);
      // The embedded store reads synchronously: let the service answer other requests too.
      await nextTurn();
    }
  }
  options.onProgress?.(head, head, events);
  return check.finish();
}
