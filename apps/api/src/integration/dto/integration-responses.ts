import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DELIVERY_OUTCOMES,
  TRY_RESULT_DESCRIPTION,
  TRY_RESULT_PATTERN,
  type DeliveryOutcome,
  type TryResult,
} from '@cl/integration';
import { PublishedEvent } from '../../audit/dto/published-event.response';

/** The named response schemas of the integration routes in the OpenAPI document (docs/http-api.md, Integration). */

export class EventPage {
  @ApiProperty({ type: [PublishedEvent] }) events!: PublishedEvent[];
  @ApiProperty({
    description: 'pass as `after` for the next page: the highest position this page examined',
    example: '1042',
  })
  next!: string;
}

export class WebhookSubscription {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the actor id of the token that created it (its owner); null only for a record without one',
  })
  ownerId!: string | null;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: [String], nullable: true }) eventTypes!: string[] | null;
  @ApiProperty({ type: String, nullable: true }) streamPrefix!: string | null;
  @ApiProperty({ description: 'deliveries start after this position (the latest replay’s)' })
  fromPosition!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['active', 'failing'] }) status!: 'active' | 'failing';
  @ApiProperty({ description: 'every selected event up to here was delivered or dead-lettered' })
  deliveredUpTo!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'while `failing`: every selected event after this position was dead-lettered; pass it to a replay as `fromPosition` (null while active). Recorded in the subscription’s stream, so it survives the loss of Redis and is never cut by the size of the delivery log',
    example: '1041',
  })
  deadLetteredFrom!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failingSince!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
}

export class WebhookSubscriptionList {
  @ApiProperty({ type: [WebhookSubscription], description: 'oldest first' }) items!: WebhookSubscription[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `cursor` for the following page; null on the last page',
  })
  next!: string | null;
}

export class CreatedWebhookSubscription extends WebhookSubscription {
  @ApiProperty({ description: 'Standard Webhooks secret, shown once', example: 'whsec_...' })
  secret!: string;
}

export class WebhookDelivery {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() position!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ enum: DELIVERY_OUTCOMES }) outcome!: DeliveryOutcome;
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({
    type: String,
    pattern: TRY_RESULT_PATTERN,
    description: `how the try ended, coarse on purpose: ${TRY_RESULT_DESCRIPTION} (absent on a dead-letter record: nothing was sent)`,
    example: 'http_503',
  })
  result?: TryResult;
}

export class WebhookDeliveries {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ type: [WebhookDelivery], description: 'newest first' }) deliveries!: WebhookDelivery[];
}
