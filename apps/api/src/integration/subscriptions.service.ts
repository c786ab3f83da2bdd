import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { StreamWriter, type CommandContext } from '@cl/commands';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { DomainError } from '@cl/domain';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import {
  DeliveryLog,
  beyondStart,
  subscriptionDecider,
  headFor,
  kickSubscriptions,
  mayManage,
  newWebhookSecret,
  resumePoint,
  SecretBox,
  subscriptionStreamId,
  SubscriptionDirectory,
  SubscriptionStreams,
  TargetGuard,
  type DirectoryEntry,
  type Subscription,
  type SubscriptionActor,
  type WebhookJob,
} from '@cl/integration';
import { WEBHOOKS_QUEUE_HANDLE } from '@cl/integration/nest';
import { REDIS } from '@cl/redis/nest';
import type { CreateSubscriptionDto } from './dto/subscription.dto';
import { refusedTarget } from './target-refusal';
import { OwnerLock } from './owner-lock';

/** The list's page size: default and greatest. */
export const SUBSCRIPTION_LIST_DEFAULT = 100;
export const SUBSCRIPTION_LIST_MAX = 1000;

/**
 * Webhook subscriptions: recorded in their own streams, their delivery state read from Redis;
 * when that state is gone or belongs to another history, the progress recorded in the stream.
 * Each belongs to the actor that created it (subscription-ownership.ts): for any other actor
 * but admin it is not found, exactly as an unknown id.
 */
@Injectable()
export class SubscriptionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Subscriptions');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly writer: StreamWriter,
    private readonly secrets: SecretBox,
    private readonly log: DeliveryLog,
    private readonly subscriptions: SubscriptionStreams,
    @Inject(WEBHOOKS_QUEUE_HANDLE) private readonly queue: Queue<WebhookJob>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly targets: TargetGuard,
    private readonly directory: SubscriptionDirectory,
    private readonly ownerLock: OwnerLock,
  ) {}

  /** The directory's first read (the whole log's subscription records) starts with the service, not at the first request. */
  onApplicationBootstrap(): void {
    this.directory
      .current()
      .catch((error: unknown) => this.logger.warn(`Reading the subscriptions: ${(error as Error).message}`));
  }

  /**
   * Counted and recorded under the actor's lock (owner-lock.ts): two creations at the limit
   * cannot both pass; one refused writes nothing.
   */
  async create(dto: CreateSubscriptionDto, owner: SubscriptionActor, context: CommandContext) {
    // Checked before anything is written; checked again at every connection of a delivery.
    const verdict = await this.targets.vet(dto.url);
    if (!verdict.allowed) throw refusedTarget(verdict.refusal);
    return this.ownerLock.holding(owner.id, async () => {
      const limit = this.config.integration.webhookMaxSubscriptions;
      const owned = (await this.directory.current()).ownedBy(owner).length;
      if (owned >= limit) {
        throw new DomainError(
          'conflict',
          `This token owns ${owned} subscriptions, the most WEBHOOK_MAX_SUBSCRIPTIONS allows; delete one first`,
          { limit },
        );
      }
      const subscriptionId = randomUUID();
      const secret = newWebhookSecret();
      const fromPosition = dto.fromPosition ?? (await this.store.headPosition()).toString();
      const result = await this.writer.write({
        decider: subscriptionDecider,
        command: {
          type: 'create',
          created: {
            subscriptionId,
            url: dto.url,
            eventTypes: dto.eventTypes ?? null,
            streamPrefix: dto.streamPrefix ?? null,
            fromPosition,
            encryptedSecret: this.secrets.seal(secret, subscriptionId),
            ownerId: owner.id,
          },
        },
        commandType: 'CreateSubscription',
        streamId: subscriptionStreamId(subscriptionId),
        context,
        startsStream: true,
      });
      await this.wake(subscriptionId);
      // The secret is shown here once; the store keeps it only encrypted.
      return { ...(await this.view(result.state!)), secret };
    });
  }

  /**
   * The actor's own subscriptions (every one for admin), in creation order, `limit` at a
   * time after `cursor` (the `next` of the page before).
   */
  async list(actor: SubscriptionActor, limit: number, cursor: bigint | undefined) {
    const directory = await this.directory.current();
    const entries = (actor.role === 'admin' ? directory.all() : directory.ownedBy(actor)).filter(
      (entry) => cursor === undefined || entry.position > cursor,
    );
    const page = entries.slice(0, limit);
    const items = await Promise.all(page.map((entry) => this.listed(entry)));
    return {
      items: items.filter((item) => item !== undefined),
      next: entries.length > limit ? page[page.length - 1].position.toString() : null,
    };
  }

  async get(subscriptionId: string, actor: SubscriptionActor) {
    return this.view(await this.existing(subscriptionId, actor));
  }

  async delete(subscriptionId: string, actor: SubscriptionActor, context: CommandContext): Promise<void> {
    await this.existing(subscriptionId, actor);
    await this.writer.write({
      decider: subscriptionDecider,
      command: { type: 'delete' },
      commandType: 'DeleteSubscription',
      streamId: subscriptionStreamId(subscriptionId),
      context,
    });
  }

  async replay(
    subscriptionId: string,
    actor: SubscriptionActor,
    fromPosition: string,
    context: CommandContext,
  ) {
    const { ownerId } = await this.existing(subscriptionId, actor);
    const result = await this.writer.write({
      decider: subscriptionDecider,
      command: { type: 'replay', fromPosition },
      commandType: 'ReplaySubscription',
      streamId: subscriptionStreamId(subscriptionId),
      context,
    });
    await this.log.reset(
      subscriptionId,
      BigInt(fromPosition),
      result.state!.replays,
      await this.store.storeId(),
    );
    await this.wake(subscriptionId, true);
    // The writer folds without the owner of a subscription recorded before owners were.
    return this.view({ ...result.state!, ownerId });
  }

  async deliveries(subscriptionId: string, actor: SubscriptionActor, limit: number) {
    await this.existing(subscriptionId, actor);
    return { subscriptionId, deliveries: await this.log.records(subscriptionId, limit) };
  }

  /** The subscription, when it exists and the actor may manage it; else not found, the same either way. */
  private async existing(subscriptionId: string, actor: SubscriptionActor): Promise<Subscription> {
    const subscription = await this.subscriptions.load(subscriptionId);
    if (!subscription || subscription.deleted || !mayManage(subscription, actor)) {
      throw new DomainError('not_found', `Subscription ${subscriptionId} not found`);
    }
    return subscription;
  }

  /** A listed subscription's view; undefined when it was deleted since the directory read. */
  private async listed(entry: DirectoryEntry) {
    const subscription = await this.subscriptions.load(entry.subscriptionId);
    return subscription && !subscription.deleted ? this.view(subscription) : undefined;
  }

  private async view(subscription: Subscription) {
    const stored = await this.log.state(subscription.subscriptionId);
    const [storeId, head] = await Promise.all([
      this.store.storeId(),
      headFor(this.store, beyondStart(subscription, stored)),
    ]);
    // The delivery's state, or what the stream records when Redis lost it (the delivery resumes from there).
    const { state } = resumePoint(subscription, stored, storeId, head);
    return {
      subscriptionId: subscription.subscriptionId,
      ownerId: subscription.ownerId,
      url: subscription.url,
      eventTypes: subscription.eventTypes,
      streamPrefix: subscription.streamPrefix,
      fromPosition: subscription.fromPosition,
      createdAt: subscription.createdAt,
      status: state.status,
      /** Every selected event up to here was delivered or dead-lettered. */
      deliveredUpTo: state.checkpoint.toString(),
      /** While failing: every selected event after it was dead-lettered (a replay's fromPosition). */
      deadLetteredFrom:
        state.status === 'failing' && state.deadLetteredFrom !== undefined
          ? state.deadLetteredFrom.toString()
          : null,
      failingSince: state.failingSince > 0 ? new Date(state.failingSince).toISOString() : null,
      nextAttemptAt: state.nextAttemptAt > 0 ? new Date(state.nextAttemptAt).toISOString() : null,
    };
  }

  private async wake(subscriptionId: string, promote = false): Promise<void> {
    await kickSubscriptions(this.queue, this.redis, this.config.redisPrefix, [subscriptionId], promote);
  }
}
