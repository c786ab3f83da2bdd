import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { StreamWriter, type CommandContext } from '@cl/commands';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { DomainError } from '@cl/domain';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import {
  decideDelete,
  decideReplay,
  DeliveryLog,
  beyondStart,
  evolveSubscription,
  headFor,
  kickSubscriptions,
  newWebhookSecret,
  resumePoint,
  SecretBox,
  subscriptionStreamId,
  SubscriptionStreams,
  TargetGuard,
  type Subscription,
  type SubscriptionEvent,
  type SubscriptionState,
  type WebhookJob,
} from '@cl/integration';
import { WEBHOOKS_QUEUE_HANDLE } from '@cl/integration/nest';
import { REDIS } from '@cl/redis/nest';
import type { CreateSubscriptionDto } from './dto/subscription.dto';
import { refusedTarget } from './target-refusal';

/**
 * Webhook subscriptions: recorded in their own streams, their delivery state read from Redis;
 * when that state is gone or belongs to another history, the progress recorded in the stream.
 */
@Injectable()
export class SubscriptionsService {
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
  ) {}

  async create(dto: CreateSubscriptionDto, context: CommandContext) {
    // Checked before anything is written; checked again at every connection of a delivery.
    const verdict = await this.targets.vet(dto.url);
    if (!verdict.allowed) throw refusedTarget(verdict.refusal);
    const subscriptionId = randomUUID();
    const secret = newWebhookSecret();
    const fromPosition = dto.fromPosition ?? (await this.store.headPosition()).toString();
    const created: SubscriptionEvent = {
      type: 'SubscriptionCreated',
      data: {
        subscriptionId,
        url: dto.url,
        eventTypes: dto.eventTypes ?? null,
        streamPrefix: dto.streamPrefix ?? null,
        fromPosition,
        encryptedSecret: this.secrets.seal(secret),
      },
    };
    const result = await this.writer.write({
      commandType: 'CreateSubscription',
      streamId: subscriptionStreamId(subscriptionId),
      initial: undefined as SubscriptionState,
      evolve: evolveSubscription,
      decide: () => [created],
      context,
      startsStream: true,
    });
    await this.wake(subscriptionId);
    // The secret is shown here once; the store keeps it only encrypted.
    return { ...(await this.view(result.state!)), secret };
  }

  async get(subscriptionId: string) {
    return this.view(await this.existing(subscriptionId));
  }

  async delete(subscriptionId: string, context: CommandContext): Promise<void> {
    await this.writer.write({
      commandType: 'DeleteSubscription',
      streamId: subscriptionStreamId(subscriptionId),
      initial: undefined as SubscriptionState,
      evolve: evolveSubscription,
      decide: (state) => decideDelete(state),
      context,
    });
  }

  async replay(subscriptionId: string, fromPosition: string, context: CommandContext) {
    const result = await this.writer.write({
      commandType: 'ReplaySubscription',
      streamId: subscriptionStreamId(subscriptionId),
      initial: undefined as SubscriptionState,
      evolve: evolveSubscription,
      decide: (state) => decideReplay(state, fromPosition),
      context,
    });
    await this.log.reset(
      subscriptionId,
      BigInt(fromPosition),
      result.state!.replays,
      await this.store.storeId(),
    );
    await this.wake(subscriptionId, true);
    return this.view(result.state!);
  }

  async deliveries(subscriptionId: string, limit: number) {
    await this.existing(subscriptionId);
    return { subscriptionId, deliveries: await this.log.records(subscriptionId, limit) };
  }

  private async existing(subscriptionId: string): Promise<Subscription> {
    const subscription = await this.subscriptions.load(subscriptionId);
    if (!subscription || subscription.deleted) {
      throw new DomainError('not_found', `Subscription ${subscriptionId} not found`);
    }
    return subscription;
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
