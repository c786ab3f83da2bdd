import { toPublishedEvent } from '@cl/audit';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { readFeedPage } from '../event-feed';
import type { DeliveryLog, DeliveryRecord, DeliveryState } from './delivery-log';
import type { SecretBox } from './secret-box';
import { loadSubscription } from './subscription-loader';
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

export interface SubscriptionDeliveryOptions {
  store: EventStore;
  log: DeliveryLog;
  secrets: SecretBox;
  send: (url: string, secret: string, eventId: string, body: string) => Promise<SendOutcome>;
  deadLetterMs: number;
  /** A turn hands its concurrency slot on after this long (default 1 s). */
  sliceMs?: number;
  now?: () => number;
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
 * The caller makes sure one turn per subscription runs at a time (a BullMQ job per subscription).
 */
export async function deliverSubscription(
  options: SubscriptionDeliveryOptions,
  subscriptionId: string,
): Promise<DeliveryTurn> {
  const now = options.now ?? Date.now;
  const { store, log } = options;
  const subscription = await loadSubscription(store, subscriptionId);
  if (!subscription || subscription.deleted) return { kind: 'gone' };
  const stored = await log.state(subscriptionId);
  let state: DeliveryState =
    stored && stored.replays === subscription.replays
      ? stored
      : await log.reset(subscriptionId, BigInt(subscription.fromPosition), subscription.replays);
  if (state.nextAttemptAt > now()) return { kind: 'retry', at: state.nextAttemptAt };
  const { url } = subscription;
  const secret = options.secrets.open(subscription.encryptedSecret);
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
  try {
    const turn = await deliverEvents();
    await settle();
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
      for (const event of page.events) {
        if (state.status === 'failing') {
          await commit({ ...state, checkpoint: event.position }, [record(event, 'dead_lettered', 0, now())]);
          continue;
        }
        const body = JSON.stringify(toPublishedEvent(event));
        const attempt = state.attempt + 1;
        const outcome = await options.send(url, secret, event.id, body);
        const at = now();
        const tried = record(event, outcome.ok ? 'delivered' : 'failed', attempt, at, outcome);
        if (outcome.ok) {
          await commitBehind(
            { ...state, checkpoint: event.position, attempt: 0, failingSince: 0, nextAttemptAt: 0 },
            [tried],
          );
          continue;
        }
        const failingSince = state.failingSince || at;
        if (at - failingSince >= options.deadLetterMs) {
          // Failing for the whole dead-letter time: this event and every pending one go to the log.
          await commit(
            {
              ...state,
              checkpoint: event.position,
              status: 'failing',
              attempt: 0,
              failingSince,
              nextAttemptAt: 0,
            },
            [tried, record(event, 'dead_lettered', attempt, at)],
          );
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
    ...(sent?.statusCode !== undefined && { statusCode: sent.statusCode }),
    ...(sent?.error !== undefined && { error: sent.error }),
    ...(sent && { durationMs: Math.round(sent.durationMs) }),
  };
}
