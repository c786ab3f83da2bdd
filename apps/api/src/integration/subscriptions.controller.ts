import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { Allow } from '../auth/allow.decorator';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { IdPipe } from '../http/id';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import {
  CreatedWebhookSubscription,
  WebhookDeliveries,
  WebhookSubscription,
} from './dto/integration-responses';
import { CreateSubscriptionDto, ReplaySubscriptionDto } from './dto/subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

export class DeliveriesQuery {
  /** Newest first; default 100, above 1000 clamped. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;
}

/** Webhook subscriptions (http-api.md, Integration). */
@ApiTags('integration')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** Answers the secret (`whsec_...`) once: it is stored only encrypted. */
  @Post()
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'Subscribe a webhook endpoint',
    status: 201,
    type: CreatedWebhookSubscription,
    errors: [400, 413, 415],
  })
  create(@Body() dto: CreateSubscriptionDto, @Origin() origin: RequestOrigin) {
    return this.subscriptions.create(dto, commandContextFrom(origin));
  }

  @Get(':id')
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'A webhook subscription and where its delivery stands',
    type: WebhookSubscription,
    errors: [400, 404],
  })
  get(@Param('id', IdPipe) id: string) {
    return this.subscriptions.get(id);
  }

  @Delete(':id')
  @Allow('integrator')
  @ApiEndpoint({ summary: 'Delete a webhook subscription', status: 204, type: null, errors: [400, 404] })
  @HttpCode(204)
  async delete(@Param('id', IdPipe) id: string, @Origin() origin: RequestOrigin): Promise<void> {
    await this.subscriptions.delete(id, commandContextFrom(origin));
  }

  @Get(':id/deliveries')
  @Allow('integrator')
  @ApiEndpoint({
    summary: 'The delivery log of a subscription, newest first',
    type: WebhookDeliveries,
    errors: [400, 404],
  })
  deliveries(@Param('id', IdPipe) id: string, @Query() query: DeliveriesQuery) {
    return this.subscriptions.deliveries(id, Math.min(query.limit ?? 100, 1000));
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
    return this.subscriptions.replay(id, dto.fromPosition, commandContextFrom(origin));
  }
}
