import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { Allow } from '../auth/allow.decorator';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { IdPipe } from '../http/id';
import {
  CreatedWebhookSubscription,
  ErrorBody,
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
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorBody })
@ApiUnauthorizedResponse({ type: ErrorBody })
@ApiForbiddenResponse({ type: ErrorBody })
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** Answers the secret (`whsec_...`) once: it is stored only encrypted. */
  @Post()
  @Allow('integrator')
  @ApiOperation({ summary: 'Subscribe a webhook endpoint' })
  @ApiCreatedResponse({ type: CreatedWebhookSubscription })
  create(@Body() dto: CreateSubscriptionDto, @Origin() origin: RequestOrigin) {
    return this.subscriptions.create(dto, commandContextFrom(origin));
  }

  @Get(':id')
  @Allow('integrator')
  @ApiOperation({ summary: 'A webhook subscription and where its delivery stands' })
  @ApiOkResponse({ type: WebhookSubscription })
  @ApiNotFoundResponse({ type: ErrorBody })
  get(@Param('id', IdPipe) id: string) {
    return this.subscriptions.get(id);
  }

  @Delete(':id')
  @Allow('integrator')
  @ApiOperation({ summary: 'Delete a webhook subscription' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody })
  @HttpCode(204)
  async delete(@Param('id', IdPipe) id: string, @Origin() origin: RequestOrigin): Promise<void> {
    await this.subscriptions.delete(id, commandContextFrom(origin));
  }

  @Get(':id/deliveries')
  @Allow('integrator')
  @ApiOperation({ summary: 'The delivery log of a subscription, newest first' })
  @ApiOkResponse({ type: WebhookDeliveries })
  @ApiNotFoundResponse({ type: ErrorBody })
  deliveries(@Param('id', IdPipe) id: string, @Query() query: DeliveriesQuery) {
    return this.subscriptions.deliveries(id, Math.min(query.limit ?? 100, 1000));
  }

  /** Sends again every selected event after fromPosition, in order, and ends a `failing` status. */
  @Post(':id/replay')
  @Allow('integrator')
  @ApiOperation({ summary: 'Send every selected event after fromPosition again, in order' })
  @ApiAcceptedResponse({ type: WebhookSubscription })
  @ApiNotFoundResponse({ type: ErrorBody })
  @HttpCode(202)
  replay(
    @Param('id', IdPipe) id: string,
    @Body() dto: ReplaySubscriptionDto,
    @Origin() origin: RequestOrigin,
  ) {
    return this.subscriptions.replay(id, dto.fromPosition, commandContextFrom(origin));
  }
}
