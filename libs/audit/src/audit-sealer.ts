import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@cl/event-store';
import { chainedEvent } from './chained-event';
import { GENESIS_HASH } from './hash-chain';
import { storedHashOf } from './published-event';
import { AUDIT_SEALED, AUDIT_SEALS_STREAM, LogFold, sealOf, type AuditSealed } from './seal';

export interface SealPolicy {
  /** A seal once this many events (seals not counted) arrived since the last one. */
  everyEvents: number;
  /** A seal once this much time passed since the last one, if any event arrived since. */
  everyMs: number;
}

export const SEALER_ACTOR = { id: 'audit-sealer', role: 'system' };
const RETRY_MS = 1000;
/** Catching up, the sealer lets the event loop turn after this many events. */
const EVENTS_PER_TURN = 1000;

/** The last seal as the sealer continues from it. */
interface LastSeal {
  revision: number;
  hash: string;
  data: AuditSealed | undefined;
  sealedAtMs: number;
}

/**
 * Appends AuditSealed events to `audit-seals` (docs/http-api.md, Audit): it follows the log from
 * the last seal's upToPosition, folding each event's hash into the logHash, and seals after
 * `everyEvents` events or `everyMs`, whichever comes first; never when only seals arrived.
 *
 * One sealer at a time without a lock: each seal is appended with the expected revision of
 * `audit-seals` it continued from, so of two sealers only one writes each seal; the other gets
 * WrongExpectedRevisionError and continues from the seal that won.
 */
export class AuditSealer {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  /** Seals written by this sealer. */
  sealed = 0;
  /** Seals another sealer wrote first (this one then continued from theirs). */
  conflicts = 0;

  constructor(
    private readonly store: EventStore,
    private readonly policy: SealPolicy,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        await this.sealAlongTheLog(signal);
      } catch (error) {
        if (signal.aborted) return;
        // Another sealer wrote a seal first: continue from it at once.
        if (error instanceof WrongExpectedRevisionError) {
          this.conflicts++;
          continue;
        }
        this.onError(error as Error);
        await sleep(RETRY_MS, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async sealAlongTheLog(signal: AbortSignal): Promise<void> {
    let last = await this.lastSeal();
    const fold = LogFold.after(last?.data);
    let pendingEvents = 0;
    let folded = 0;
    let lastEvent: RecordedEvent | undefined;
    const subscription = this.store.subscribeToAll({ after: fold.upTo });
    const events = subscription[Symbol.asyncIterator]();
    // Stopping closes the subscription: a pending next() then ends with done. (Not a race
    // with a stop promise per event: each race would leave a reaction on it until the end.)
    const closeOnStop = () => subscription.close();
    signal.addEventListener('abort', closeOnStop, { once: true });
    if (signal.aborted) closeOnStop(); // stopped while the last seal was read
    let deadline: Promise<'due'> | undefined;
    let deadlineTimer: NodeJS.Timeout | undefined;
    try {
      let next = events.next();
      for (;;) {
        if (pendingEvents > 0 && !deadline) {
          const sealedAtMs = last?.sealedAtMs ?? Date.now();
          const wait = Math.max(0, sealedAtMs + this.policy.everyMs - Date.now());
          deadline = new Promise((resolve) => (deadlineTimer = setTimeout(() => resolve('due'), wait)));
        }
        const outcome = deadline ? await Promise.race([next, deadline]) : await next;
        if (outcome !== 'due') {
          if (outcome.done) return;
          const event = outcome.value;
          fold.accept(event, event.revision === 0);
          lastEvent = event;
          if (event.streamId !== AUDIT_SEALS_STREAM) pendingEvents++;
          // The embedded store's catch-up never waits for I/O: without this, a long backlog
          // (a first start on a big log) would hold the event loop until the next seal.
          if (++folded % EVENTS_PER_TURN === 0) await nextTurn();
          next = events.next();
          if (pendingEvents < this.policy.everyEvents) continue;
        }
        last = await this.append(last, fold, lastEvent!);
        pendingEvents = 0;
        clearTimeout(deadlineTimer);
        deadline = undefined;
      }
    } finally {
      signal.removeEventListener('abort', closeOnStop);
      clearTimeout(deadlineTimer);
      subscription.close();
    }
  }

  /** Appends the seal of the log as folded so far, continuing `last`. */
  private async append(
    last: LastSeal | undefined,
    fold: LogFold,
    lastEvent: RecordedEvent,
  ): Promise<LastSeal> {
    const revision = (last?.revision ?? -1) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const data: AuditSealed = {
      upToPosition: fold.upTo.toString(),
      events: fold.events,
      streams: fold.streams,
      logHash: fold.logHash,
      prevSealHash: prevHash,
    };
    const eventId = randomUUID();
    const now = new Date().toISOString();
    const fields = {
      streamId: AUDIT_SEALS_STREAM,
      revision,
      eventId,
      type: AUDIT_SEALED,
      data: { ...data },
      occurredAt: now,
      recordedAt: now,
      actor: SEALER_ACTOR,
      correlationId: eventId,
      // The last event the seal covers.
      causationId: lastEvent.id,
    };
    const { hash, ...event } = chainedEvent(prevHash, fields);
    await this.store.appendToStream(AUDIT_SEALS_STREAM, [event], {
      expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
    });
    this.sealed++;
    return { revision, hash, data, sealedAtMs: Date.parse(now) };
  }

  private async lastSeal(): Promise<LastSeal | undefined> {
    const [event] = await this.store.readStream(AUDIT_SEALS_STREAM, { direction: 'backwards', maxCount: 1 });
    if (!event) return undefined;
    const data = sealOf(event);
    if (!data)
      throw new Error(`The last event of ${AUDIT_SEALS_STREAM} (revision ${event.revision}) is not a seal`);
    return {
      revision: event.revision,
      hash: storedHashOf(event),
      data,
      sealedAtMs: Date.parse(String(event.metadata.recordedAt)),
    };
  }
}
