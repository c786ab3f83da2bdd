import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { SubscriptionActor } from '@cl/integration';
import { Allow } from '../auth/allow.decorator';
import { ApiKeys } from '../auth/api-keys';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { IdPipe } from '../http/id';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import {
  CreatedWebhookSubscription,
  WebhookDeliveries,
  WebhookSubscription,
  WebhookSubscriptionList,
} from './dto/integration-responses';
import { parsePosition } from './dto/position';
import { CreateSubscriptionDto, ListSubscriptionsQuery, ReplaySubscriptionDto } from './dto/subscription.dto';
import {
  SUBSCRIPTION_LIST_DEFAULT,
  SUBSCRIPTION_LIST_MAX,
  SubscriptionsService,
} from './subscriptions.service';

export class DeliveriesQuery {
  /** Newest first; default 100, above 1000 clamped. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;
}

/**
 * Webhook subscriptions (docs/http-api.md, Integration). Each belongs to the token that created
 * it: for other tokens (but admin's) it does not exist.
 */
@ApiTags('integration')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly keys: ApiKeys,
  ) {}

  /**
   * The caller as an owner: its id, and the ids its API key had before actor ids were derived
   * by HMAC (subscriptions created then are still its own).
   */
  private asking(origin: RequestOrigin): SubscriptionActor {
    return { ...origin.actor, formerIds: this.keys.formerIdsOf(origin.actor) };
  }

  /** Answers the secret (`whsec_...`) once: it is stored only encrypted. */
  @Post()
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'Subscribe a webhook endpoint',
    status: 201,
    description:
      '409 when this token owns WEBHOOK_MAX_SUBSCRIPTIONS (default 100) subscriptions already (deleted ones do not count); nothing is recorded then',
    type: CreatedWebhookSubscription,
    errors: [400, 409, 413, 415],
  })
  create(@Body() dto: CreateSubscriptionDto, @Origin() origin: RequestOrigin) {
    return this.subscriptions.create(dto, this.asking(origin), commandContextFrom(origin));
  }

  @Get()
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'The subscriptions of this token (every one for admin), oldest first',
    description: `\`limit\` per page (default ${SUBSCRIPTION_LIST_DEFAULT}, above ${SUBSCRIPTION_LIST_MAX} clamped); pass \`next\` as \`cursor\` for the following page (null: the last page)`,
    type: WebhookSubscriptionList,
    errors: [400],
  })
  list(@Query() query: ListSubscriptionsQuery, @Origin() origin: RequestOrigin) {
    return this.subscriptions.list(
      this.asking(origin),
      Math.min(query.limit ?? SUBSCRIPTION_LIST_DEFAULT, SUBSCRIPTION_LIST_MAX),
      parsePosition('cursor', query.cursor),
    );
  }

  @Get(':id')
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'A webhook subscription and where its delivery stands',
    type: WebhookSubscription,
    errors: [400, 404],
  })
  get(@Param('id', IdPipe) id: string, @Origin() origin: RequestOrigin) {
    return this.subscriptions.get(id, this.asking(origin));
  }

  @Delete(':id')
  @Allow('integrator')
  @ApiEndpoint({ summary: 'Delete a webhook subscription', status: 204, type: null, errors: [400, 404] })
  @HttpCode(204)
  async delete(@Param('id', IdPipe) id: string, @Origin() origin: RequestOrigin): Promise<void> {
    await this.subscriptions.delete(id, this.asking(origin), commandContextFrom(origin));
  }

  @Get(':id/deliveries')
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'The delivery log of a subscription, newest first',
    type: WebhookDeliveries,
    errors: [400, 404],
  })
  deliveries(
    @Param('id', IdPipe) id: string,
    @Query() query: DeliveriesQuery,
    @Origin() origin: RequestOrigin,
  ) {
    return this.subscriptions.deliveries(id, this.asking(origin), Math.min(query.limit ?? 100, 1000));
  }

  /** Sends again every selected event after fromPosition, in order, and ends a `failing` status. */
  @Post(':id/replay')
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'Send every selected event after fromPosition again, in order',
    status: 202,
    type: WebhookSubscription,
    errors: [400, 404, 413, 415],
  })
  @HttpCode(202)
  replay(
    @Param('id', IdPipe) id: string,
    @Body() dto: ReplaySubscriptionDto,
    @Origin() origin: RequestOrigin,
  ) {
    return this.subscriptions.replay(id, this.asking(origin), dto.fromPosition, commandContextFrom(origin));
  }
}
