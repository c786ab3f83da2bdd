import { DelayedError, Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EventStore, EventSubscription } from '@cl/event-store';
import { isPublicStream } from '../public-streams';
import { DeliveryLog } from './delivery-log';
import type { SecretBox } from './secret-box';
import { SUBSCRIPTION_STREAM_PREFIX } from './subscription';
import { deliverSubscription } from './subscription-delivery';
import { kickedKey, kickSubscriptions, WEBHOOKS_QUEUE, type WebhookJob } from './webhook-queue';
import { sendWebhook } from './webhook-sender';

export interface WebhookDeliveryOptions {
  store: EventStore;
  queue: Queue<WebhookJob>;
  redis: Redis;
  redisUrl: string;
  keyPrefix: string;
  secrets: SecretBox;
  deadLetterMs: number;
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
 */
export class WebhookDelivery {
  private worker?: Worker<WebhookJob>;
  private readonly known = new Set<string>();
  private registry?: EventSubscription;
  private newEvents?: EventSubscription;
  private sweep?: NodeJS.Timeout;
  private kickScheduled = false;
  private stopped = false;
  private readonly log: DeliveryLog;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.log = new DeliveryLog(options.redis, options.keyPrefix);
  }

  async start(): Promise<void> {
    const { store, queue } = this.options;
    const head = await store.headPosition();
    await queue.setGlobalConcurrency(this.options.concurrency);
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
    this.stopped = true;
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
    const turn = await deliverSubscription(
      {
        store: this.options.store,
        log: this.log,
        secrets: this.options.secrets,
        send: sendWebhook,
        deadLetterMs: this.options.deadLetterMs,
      },
      data.subscriptionId,
    );
    if (turn.kind === 'gone') {
      this.known.delete(data.subscriptionId);
      await this.log.forget(data.subscriptionId);
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
      filter: { streamPrefix: SUBSCRIPTION_STREAM_PREFIX },
    });
    void (async () => {
      for await (const event of this.registry!) {
        const id = (event.data as { subscriptionId?: string }).subscriptionId;
        if (!id) continue;
        if (event.type === 'SubscriptionDeleted') this.known.delete(id);
        else this.known.add(id);
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
    if (this.kickScheduled || this.stopped) return;
    this.kickScheduled = true;
    setTimeout(() => {
      this.kickScheduled = false;
      this.kickAll();
    }, 5);
  }

  private kickAll(): void {
    if (this.stopped) return;
    kickSubscriptions(this.options.queue, this.options.redis, this.options.keyPrefix, [...this.known]).catch(
      (error: unknown) => this.options.onError?.(error),
    );
  }
}
