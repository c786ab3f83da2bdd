import { DelayedError, Worker, type Queue } from 'bullmq';
import { ABORTED, unlessAborted } from '@cl/domain';
import type { Redis } from 'ioredis';
import type { EventOpener } from '@cl/audit';
import type { EventStore, EventSubscription } from '@cl/event-store';
import { isPublicStream } from '../public-streams';
import { DeliveryLog } from './delivery-log';
import { SecretBox } from './secret-box';
import { resealSecret } from './secret-resealer';
import { SUBSCRIPTION_STREAM_PREFIX } from './subscription';
import { SubscriptionStreams } from './subscription-loader';
import { deliverSubscription, type DeliveryRecovery } from './subscription-delivery';
import type { TargetGuard } from './target-guard';
import { kickedKey, kickSubscriptions, WEBHOOKS_QUEUE, type WebhookJob } from './webhook-queue';
import { sendWebhook } from './webhook-sender';

export interface WebhookDeliveryOptions {
  store: EventStore;
  queue: Queue<WebhookJob>;
  redis: Redis;
  redisUrl: string;
  keyPrefix: string;
  secrets: SecretBox;
  /** Opens the events' personal fields as payloads are built (PersonalDataCipher of @cl/personal-data). */
  personalData: EventOpener;
  /** The target rules, checked at every connection (WEBHOOK_ALLOWED_NETWORKS). */
  targets: TargetGuard;
  deadLetterMs: number;
  /** Progress recorded in a subscription's stream every this many deliveries or this long (WEBHOOK_CHECKPOINT_*). */
  checkpoint: { every: number; seconds: number };
  /** Where /health learns that webhooks are recovering (the RecoveryBoard of @cl/redis, component `webhooks`). */
  board?: { begin(component: string, reason: string): Promise<void>; end(component: string): Promise<void> };
  /** Deliveries in flight at once, over all processes (BullMQ's global concurrency). */
  concurrency: number;
  /** Every subscription is woken this often, whatever happened (default 1 s). */
  sweepMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Webhook delivery where the workers run: a BullMQ worker whose job per subscription runs one
 * turn of its delivery loop (subscription-delivery.ts). BullMQ's job lock is the lease: one
 * job id per subscription, taken by one worker at a time across processes, and handed to
 * another when its holder dies. New events wake the subscriptions (kickSubscriptions); a sweep
 * every second wakes them all, for what a crash or a lost Redis left behind.
 * Subscriptions are known from their streams in the event store, read once and then followed.
 * The store's identity is read at start and at every Redis reconnect; each turn checks the
 * subscription's state in Redis against it (subscription-delivery.ts, resumePoint).
 */
export class WebhookDelivery {
  private worker?: Worker<WebhookJob>;
  private readonly known = new Set<string>();
  private registry?: EventSubscription;
  private newEvents?: EventSubscription;
  private sweep?: NodeJS.Timeout;
  private kickScheduled = false;
  /** Aborted by stop(): ends the waits of a start still under way, and every wake-up after. */
  private readonly stopping = new AbortController();
  private starting?: Promise<void>;
  private readonly log: DeliveryLog;
  private readonly subscriptions: SubscriptionStreams;
  private readonly recovery: DeliveryRecovery;
  private storeId?: string;
  private readonly onRedisReady = () => {
    this.refreshStoreId()
      .then(() => this.kickAll())
      .catch((error: unknown) => this.options.onError?.(error));
  };

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.log = new DeliveryLog(options.redis, options.keyPrefix);
    this.subscriptions = new SubscriptionStreams(options.store);
    this.recovery = new WebhookRecoveries(options.redis, options.keyPrefix, options.board);
  }

  private async refreshStoreId(): Promise<void> {
    this.storeId = await this.options.store.storeId();
  }

  /** Starts once; a stop() while it is under way ends it before it follows anything or starts a worker. */
  start(): Promise<void> {
    this.starting ??= this.begin();
    return this.starting;
  }

  private async begin(): Promise<void> {
    const { store, queue } = this.options;
    // Each wait may outlast the service (BullMQ waits for an absent Redis for ever): stop() ends it.
    const untilStopped = <T>(step: Promise<T>) => unlessAborted(step, this.stopping.signal);
    if ((await untilStopped(this.refreshStoreId())) === ABORTED) return;
    const head = await untilStopped(store.headPosition());
    if (head === ABORTED) return;
    if ((await untilStopped(queue.setGlobalConcurrency(this.options.concurrency))) === ABORTED) return;
    // A reconnected Redis may be another one, or have lost its data: every subscription is checked again.
    this.options.redis.on('ready', this.onRedisReady);
    this.followSubscriptions();
    this.followNewEvents(head);
    this.worker = new Worker<WebhookJob>(WEBHOOKS_QUEUE, (job, token) => this.turn(job.data, job, token), {
      connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
      prefix: `${this.options.keyPrefix}:bull`,
      concurrency: this.options.concurrency,
      // A dead holder's job goes to another worker within seconds; a live one renews its lock.
      lockDuration: 10_000,
      stalledInterval: 5_000,
      maxStalledCount: Number.MAX_SAFE_INTEGER,
    });
    this.worker.on('error', (error) => this.options.onError?.(error));
    this.sweep = setInterval(() => this.kickAll(), this.options.sweepMs ?? 1000);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    // A start under way returns at its next wait: nothing it would start is left running.
    await this.starting?.catch(() => undefined);
    this.options.redis.off('ready', this.onRedisReady);
    clearInterval(this.sweep);
    this.registry?.close();
    this.newEvents?.close();
    await this.worker?.close();
  }

  private async turn(
    data: WebhookJob,
    job: { moveToDelayed(timestamp: number, token?: string): Promise<void> },
    token?: string,
  ): Promise<void> {
    const kicked = kickedKey(this.options.keyPrefix, data.subscriptionId);
    await this.options.redis.del(kicked);
    this.storeId ??= await this.options.store.storeId();
    const turn = await deliverSubscription(
      {
        store: this.options.store,
        storeId: this.storeId,
        subscriptions: this.subscriptions,
        log: this.log,
        secrets: this.options.secrets,
        personalData: this.options.personalData,
        send: (url, secret, eventId, body) => sendWebhook(url, secret, eventId, body, this.options.targets),
        deadLetterMs: this.options.deadLetterMs,
        checkpointEvery: this.options.checkpoint.every,
        checkpointMs: this.options.checkpoint.seconds * 1000,
        recovery: this.recovery,
      },
      data.subscriptionId,
    );
    if (turn.kind === 'gone') {
      this.known.delete(data.subscriptionId);
      await this.log.forget(data.subscriptionId);
      // Deleted while it was recovering: it will never catch up.
      await this.recovery.end(data.subscriptionId);
      return;
    }
    // Woken while it ran: an event may have come after its last read.
    const again = turn.kind === 'caught-up' && (await this.options.redis.exists(kicked)) === 1;
    if (turn.kind === 'retry' || turn.kind === 'more' || again) {
      await job.moveToDelayed(turn.kind === 'retry' ? turn.at : Date.now(), token);
      throw new DelayedError();
    }
  }

  private followSubscriptions(): void {
    this.registry = this.options.store.subscribeToAll({
      // Not the progress records (most of these streams' events): they change nothing to hear of.
      filter: {
        streamPrefix: SUBSCRIPTION_STREAM_PREFIX,
        eventTypes: ['SubscriptionCreated', 'SubscriptionReplayRequested', 'SubscriptionDeleted'],
      },
    });
    void (async () => {
      for await (const event of this.registry!) {
        const id = (event.data as { subscriptionId?: string }).subscriptionId;
        if (!id) continue;
        if (event.type === 'SubscriptionDeleted') this.known.delete(id);
        else this.known.add(id);
        const { encryptedSecret } = event.data as { encryptedSecret?: string };
        // Recorded in an older format: sealed again (once; delivery opens either form meanwhile).
        if (encryptedSecret !== undefined && SecretBox.isOutdated(encryptedSecret)) {
          resealSecret(this.subscriptions, this.options.secrets, id).catch((error: unknown) =>
            this.options.onError?.(error),
          );
        }
        this.scheduleKick();
      }
    })().catch((error: unknown) => this.options.onError?.(error));
  }

  private followNewEvents(after: bigint): void {
    this.newEvents = this.options.store.subscribeToAll({ after });
    void (async () => {
      for await (const event of this.newEvents!) {
        if (isPublicStream(event.streamId)) this.scheduleKick();
      }
    })().catch((error: unknown) => this.options.onError?.(error));
  }

  /** Events arriving together wake the subscriptions once. */
  private scheduleKick(): void {
    if (this.kickScheduled || this.stopping.signal.aborted) return;
    this.kickScheduled = true;
    setTimeout(() => {
      this.kickScheduled = false;
      this.kickAll();
    }, 5);
  }

  private kickAll(): void {
    if (this.stopping.signal.aborted) return;
    kickSubscriptions(this.options.queue, this.options.redis, this.options.keyPrefix, [...this.known]).catch(
      (error: unknown) => this.options.onError?.(error),
    );
  }
}

/**
 * The subscriptions resuming from their streams' records, over all processes: a Redis hash
 * `<prefix>:webhooks:recovering` (subscription -> reason), and the board's `webhooks` entry
 * while it is not empty. A Redis that loses it lost the states too: the turns that notice
 * mark them again.
 */
class WebhookRecoveries implements DeliveryRecovery {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly board: WebhookDeliveryOptions['board'],
  ) {
    this.key = `${prefix}:webhooks:recovering`;
  }

  async begin(subscriptionId: string, reason: string): Promise<void> {
    await this.redis.hset(this.key, subscriptionId, reason);
    await this.mark(reason);
  }

  async end(subscriptionId: string): Promise<void> {
    if ((await this.redis.hdel(this.key, subscriptionId)) === 0) return;
    if ((await this.redis.hlen(this.key)) > 0) return;
    await this.board?.end('webhooks');
    // Another process may have begun one between the count and the end: mark it again.
    const [reason] = await this.redis.hvals(this.key);
    if (reason !== undefined) await this.mark(reason);
  }

  private async mark(reason: string): Promise<void> {
    const count = await this.redis.hlen(this.key);
    await this.board?.begin(
      'webhooks',
      `${count} subscription(s) resuming from the progress recorded in their streams: ${reason}`,
    );
  }
}
