import { publishedEvent, type EventOpener } from '@cl/audit';
import { checkMark, type EventStore, type RecordedEvent } from '@cl/event-store';
import { readFeedPage } from '../event-feed';
import type { DeliveryLog, DeliveryRecord, DeliveryState } from './delivery-log';
import type { SecretBox } from './secret-box';
import type { Subscription } from './subscription';
import type { SubscriptionStreams } from './subscription-loader';
import type { SendOutcome } from './webhook-sender';

const PAGE = 100;
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 60 * 60 * 1000;

/** How one turn of a subscription's delivery loop ended. */
export type DeliveryTurn =
  | { kind: 'caught-up' }
  | { kind: 'gone' }
  /** Tried and failed: the next try is due then. */
  | { kind: 'retry'; at: number }
  /** Its time slice is used up and events remain: continue soon, after others had their turn. */
  | { kind: 'more' };

/** Where subscriptions resuming from their recorded progress are tracked (WebhookDelivery). */
export interface DeliveryRecovery {
  /** A subscription's state in Redis was lost or followed another history: it resumes from its stream's record. */
  begin(subscriptionId: string, reason: string): Promise<void>;
  /** It caught up again. */
  end(subscriptionId: string): Promise<void>;
}

export interface SubscriptionDeliveryOptions {
  store: EventStore;
  /** The store's identity (read at start and at every Redis reconnect). */
  storeId: string;
  subscriptions: SubscriptionStreams;
  log: DeliveryLog;
  secrets: SecretBox;
  /** Opens the personal fields of each page of events before it is sent (PersonalDataCipher). */
  personalData: EventOpener;
  send: (url: string, secret: string, eventId: string, body: string) => Promise<SendOutcome>;
  deadLetterMs: number;
  /** Progress is recorded in the subscription's stream after this many delivered or dead-lettered events... */
  checkpointEvery: number;
  /** ...or once this long passed since the last record with some unrecorded, and at every change of status. */
  checkpointMs: number;
  recovery?: DeliveryRecovery;
  /** A turn hands its concurrency slot on after this long (default 1 s). */
  sliceMs?: number;
  now?: () => number;
}

/**
 * The state a turn starts from: the one in Redis when it follows the current replay in this
 * store's history; otherwise the progress recorded in the subscription's stream (or the
 * replay's start). `recovery` is set when the state in Redis was lost or belongs to another
 * history (another storeId, or a position beyond the head): a resumption, not a start.
 */
export function resumePoint(
  subscription: Subscription,
  stored: DeliveryState | undefined,
  storeId: string,
  head: bigint,
): { state: DeliveryState; follows: boolean; recovery?: string } {
  if (stored && stored.replays <= subscription.replays) {
    // A position the subscription was told to start from may lie ahead of the head; any other is another history's.
    const fromPosition = BigInt(subscription.fromPosition);
    const verdict = checkMark(
      { storeId: stored.storeId, position: stored.checkpoint },
      { storeId, head: head > fromPosition ? head : fromPosition },
    );
    if (!verdict.follows)
      return { state: recorded(subscription, storeId), follows: false, recovery: verdict.reason };
    if (stored.replays === subscription.replays) return { state: stored, follows: true };
    // A replay whose reset never reached Redis: its sequence starts now.
    return { state: recorded(subscription, storeId), follows: false };
  }
  if (stored) {
    return {
      state: recorded(subscription, storeId),
      follows: false,
      recovery: `follows replay ${stored.replays} of a subscription that has had ${subscription.replays} (another history on the same REDIS_PREFIX)`,
    };
  }
  const progress = subscription.progress;
  return {
    state: recorded(subscription, storeId),
    follows: false,
    ...(progress && {
      recovery: `the webhook position in Redis is gone (Redis lost its data); resuming from the progress recorded in the subscription's stream at ${progress.deliveredUpTo}`,
    }),
  };
}

/**
 * The store's head, seen at least as far as `position` when it is there: a process learns of
 * another's commits within a poll (SQLite: 25 ms), so a position another process just reached
 * may be ahead of this one's head for a moment. Looked at again once, 100 ms later, before a
 * state is taken for another history's.
 */
export async function headFor(store: EventStore, position: bigint | undefined): Promise<bigint> {
  const head = await store.headPosition();
  if (position === undefined || position <= head) return head;
  await new Promise((resolve) => setTimeout(resolve, 100));
  return store.headPosition();
}

/** The stored position when it lies beyond the subscription's start (only such a position may be another history's). */
export function beyondStart(
  subscription: Subscription,
  stored: DeliveryState | undefined,
): bigint | undefined {
  return stored && stored.checkpoint > BigInt(subscription.fromPosition) ? stored.checkpoint : undefined;
}

/** The state the subscription's stream records: its latest progress, or its (replay's) start. */
function recorded(subscription: Subscription, storeId: string): DeliveryState {
  const progress = subscription.progress;
  return {
    checkpoint: BigInt(progress?.deliveredUpTo ?? subscription.fromPosition),
    replays: subscription.replays,
    status: progress?.status ?? 'active',
    attempt: 0,
    failingSince: 0,
    nextAttemptAt: 0,
    storeId,
    ...(progress?.deadLetteredFrom && { deadLetteredFrom: BigInt(progress.deadLetteredFrom) }),
    unrecorded: 0,
    recordedAt: Date.now(),
  };
}

/**
 * One turn of the delivery loop of one subscription: from its checkpoint, in position order,
 * each selected event is POSTed until a 2xx; the checkpoint moves after each acknowledged (or
 * dead-lettered) event, so a crash repeats at most the delivery in flight (at-least-once).
 * The checkpoint of an acknowledged event is written to Redis before the next event is sent,
 * and its answer awaited only before the commit after that one: its round trip overlaps the
 * next POST instead of adding to it (bench:integration), while a crash after the next send
 * still finds it applied (Redis applies a connection's commands in order).
 * A failure ends the turn with the time of the next try (1 s, doubling, at most 1 h). Once the
 * endpoint has failed without a success for the dead-letter time, the pending events and the
 * new ones are dead-lettered (logged, not sent) until a replay.
 * Progress is recorded in the subscription's stream (SubscriptionProgressRecorded) from 3/4
 * of `checkpointEvery` delivered or dead-lettered events on (in the background, awaited at
 * `checkpointEvery`), or once `checkpointMs` passed with some unrecorded, and at the change to
 * `failing` (awaited, with deadLetteredFrom): one append per that many deliveries, so a lost
 * Redis repeats at most `checkpointEvery` deliveries (resumePoint).
 * The caller makes sure one turn per subscription runs at a time (a BullMQ job per subscription).
 * The payload is built from the log when it is sent (the job holds the subscription id only,
 * Redis no event data): each page's personal fields are opened together, so a payload shows
 * them in clear, or "[erased]" once the customer's key is gone.
 */
export async function deliverSubscription(
  options: SubscriptionDeliveryOptions,
  subscriptionId: string,
): Promise<DeliveryTurn> {
  const now = options.now ?? Date.now;
  const { store, log } = options;
  const subscription = await options.subscriptions.load(subscriptionId);
  if (!subscription || subscription.deleted) return { kind: 'gone' };
  const stored = await log.state(subscriptionId);
  // Read after the state: a position this history reached is never beyond it.
  const head = await headFor(store, beyondStart(subscription, stored));
  const resumed = resumePoint(subscription, stored, options.storeId, head);
  let state = resumed.state;
  if (resumed.recovery !== undefined) {
    state = await log.write(subscriptionId, { ...state, recovering: resumed.recovery });
    await options.recovery?.begin(subscriptionId, resumed.recovery);
  } else if (!resumed.follows) {
    state = await log.write(subscriptionId, state);
  } else if (state.storeId === undefined) {
    await log.stampStoreId(subscriptionId, options.storeId);
  }
  if (state.nextAttemptAt > now()) return { kind: 'retry', at: state.nextAttemptAt };
  const { url } = subscription;
  const secret = options.secrets.open(subscription.encryptedSecret, subscriptionId);
  const selection = {
    types: subscription.eventTypes ?? undefined,
    streamPrefix: subscription.streamPrefix ?? undefined,
  };
  const sliceEnds = now() + (options.sliceMs ?? 1000);

  // The commit written but not yet answered (it never rejects: its outcome is kept).
  let unanswered: Promise<{ applied: boolean } | { error: unknown }> | undefined;
  const settle = async () => {
    const outcome = await unanswered;
    unanswered = undefined;
    if (outcome && 'error' in outcome) throw outcome.error;
    if (outcome && !outcome.applied) throw new ReplayedMeanwhile();
  };
  const commit = async (next: DeliveryState, records: DeliveryRecord[]) => {
    await settle();
    if (!(await log.commit(subscriptionId, next, records))) throw new ReplayedMeanwhile();
    state = next;
  };
  /** Returns once the commit is on Redis's socket; settle() (before the next commit or the turn's end) checks its answer. */
  const commitBehind = async (next: DeliveryState, records: DeliveryRecord[]) => {
    await settle();
    const queued = log.queue(subscriptionId, next, records);
    unanswered = queued.applied.then(
      (applied) => ({ applied }),
      (error: unknown) => ({ error }),
    );
    state = next;
    await queued.written;
  };
  /** Appends `next`'s progress to the subscription's stream; ReplayedMeanwhile when a replay or deletion came in between. */
  const appendProgress = async (next: DeliveryState): Promise<void> => {
    const appended = await options.subscriptions.recordProgress(subscriptionId, {
      replays: next.replays,
      deliveredUpTo: next.checkpoint.toString(),
      status: next.status,
      deadLetteredFrom: next.status === 'failing' ? (next.deadLetteredFrom?.toString() ?? null) : null,
    });
    if (!appended) throw new ReplayedMeanwhile();
  };
  // A record appended in the background from 3/4 of checkpointEvery on, and awaited at
  // checkpointEvery at the latest: the append's latency (a store commit) overlaps the next
  // deliveries instead of stalling them, and the deliveries after the last completed record
  // (what a loss of Redis repeats) never exceed checkpointEvery. `unrecorded` counts from the
  // last completed record.
  const every = options.checkpointEvery;
  const early = every - Math.floor(every / 4);
  let pending: PendingRecord | undefined;
  /** `next` with the background record taken into account once it completed. */
  const absorb = (next: DeliveryState): DeliveryState => {
    const settled = pending?.settled;
    if (!pending || !settled) return next;
    const { covered } = pending;
    pending = undefined;
    if (settled.error !== undefined) throw settled.error;
    return { ...next, unrecorded: next.unrecorded - covered, recordedAt: settled.at };
  };
  const awaitRecord = async (next: DeliveryState): Promise<DeliveryState> => {
    if (pending) await pending.promise;
    return absorb(next);
  };
  /** Records now, awaited: at the change of status, and at the end of a turn. */
  const recordNow = async (next: DeliveryState): Promise<DeliveryState> => {
    await appendProgress(next);
    return { ...next, unrecorded: 0, recordedAt: now() };
  };
  /** After an event delivered or dead-lettered: starts, or waits for, a record when one is due. */
  const progressed = async (next: DeliveryState): Promise<DeliveryState> => {
    next = absorb(next);
    if (pending && next.unrecorded >= every) next = await awaitRecord(next);
    const due =
      next.unrecorded >= early || (next.unrecorded > 0 && now() - next.recordedAt >= options.checkpointMs);
    if (pending || !due) return next;
    if (next.unrecorded >= every) return recordNow(next);
    const started: PendingRecord = { covered: next.unrecorded, promise: Promise.resolve() };
    started.promise = appendProgress(next).then(
      () => void (started.settled = { at: now() }),
      (error: unknown) => void (started.settled = { at: now(), error: error ?? new Error('record failed') }),
    );
    pending = started;
    return next;
  };
  try {
    const turn = await deliverEvents();
    let last = await awaitRecord(state);
    // Some were delivered a while ago and none since: recorded at the end of a turn (the sweep runs one every second).
    if (last.unrecorded > 0 && now() - last.recordedAt >= options.checkpointMs) last = await recordNow(last);
    if (last !== state) await commit(last, []);
    await settle();
    if (turn.kind === 'caught-up' && state.recovering !== undefined) {
      await log.clearRecovering(subscriptionId);
      await options.recovery?.end(subscriptionId);
    }
    return turn;
  } catch (error) {
    // A replay restarted the sequence under this turn: the next turn starts it.
    if (error instanceof ReplayedMeanwhile) return { kind: 'more' };
    throw error;
  }

  async function deliverEvents(): Promise<DeliveryTurn> {
    for (;;) {
      const page = await readFeedPage(store, { after: state.checkpoint, limit: PAGE, selection });
      if (page.events.length === 0) {
        if (page.next > state.checkpoint) await commit({ ...state, checkpoint: page.next }, []);
        return { kind: 'caught-up' };
      }
      const shown = await options.personalData.open(page.events);
      for (const [index, event] of page.events.entries()) {
        if (state.status === 'failing') {
          const next = await progressed({
            ...state,
            checkpoint: event.position,
            unrecorded: state.unrecorded + 1,
          });
          await commit(next, [record(event, 'dead_lettered', 0, now())]);
          continue;
        }
        const body = JSON.stringify(publishedEvent(event, shown[index]));
        const attempt = state.attempt + 1;
        const outcome = await options.send(url, secret, event.id, body);
        const at = now();
        const tried = record(event, outcome.ok ? 'delivered' : 'failed', attempt, at, outcome);
        if (outcome.ok) {
          const next = await progressed({
            ...state,
            checkpoint: event.position,
            attempt: 0,
            failingSince: 0,
            nextAttemptAt: 0,
            unrecorded: state.unrecorded + 1,
          });
          await commitBehind(next, [tried]);
          continue;
        }
        const failingSince = state.failingSince || at;
        if (at - failingSince >= options.deadLetterMs) {
          // Failing for the whole dead-letter time: this event and every pending one go to the log.
          // The change of status is recorded in the stream first, with where the dead letters begin.
          const failing = await recordNow({
            ...(await awaitRecord(state)),
            checkpoint: event.position,
            status: 'failing',
            attempt: 0,
            failingSince,
            nextAttemptAt: 0,
            deadLetteredFrom: state.checkpoint,
            unrecorded: state.unrecorded + 1,
          });
          await commit(failing, [tried, record(event, 'dead_lettered', attempt, at)]);
          continue;
        }
        const retryAt = at + Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
        // The retry is never later than the moment the endpoint is to be given up on.
        const nextAttemptAt = Math.min(retryAt, Math.max(failingSince + options.deadLetterMs, at + 1));
        await commit({ ...state, attempt, failingSince, nextAttemptAt }, [tried]);
        return { kind: 'retry', at: nextAttemptAt };
      }
      // Events the page looked at without selecting them are done with too.
      if (page.next > state.checkpoint) await commit({ ...state, checkpoint: page.next }, []);
      if (now() >= sliceEnds) return { kind: 'more' };
    }
  }
}

class ReplayedMeanwhile extends Error {}

/** A progress record being appended: `covered` deliveries of `unrecorded` are in it. */
interface PendingRecord {
  covered: number;
  promise: Promise<void>;
  settled?: { at: number; error?: unknown };
}

function record(
  event: RecordedEvent,
  outcome: DeliveryRecord['outcome'],
  attempt: number,
  at: number,
  sent?: SendOutcome,
): DeliveryRecord {
  return {
    eventId: event.id,
    position: event.position.toString(),
    type: event.type,
    outcome,
    attempt,
    at: new Date(at).toISOString(),
    ...(sent && { result: sent.result }),
  };
}
