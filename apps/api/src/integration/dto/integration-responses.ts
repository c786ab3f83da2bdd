import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The named response schemas of the integration routes in the OpenAPI document (http-api.md, Integration). */

export class EventActor {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
}

/** The shared event shape: how every event leaves the service (history, feed, live stream, webhooks). */
export class PublishedEvent {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'complaint-C-1' }) streamId!: string;
  @ApiProperty({ example: 'ComplaintFiled' }) type!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
  @ApiProperty({ description: 'global position, a decimal string', example: '42' }) position!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) occurredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: EventActor, nullable: true }) actor!: EventActor | null;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: object;
  @ApiProperty({ type: String, nullable: true, description: 'lowercase hex SHA-256' }) hash!: string | null;
  @ApiProperty({ type: String, nullable: true }) prevHash!: string | null;
}

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
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: [String], nullable: true }) eventTypes!: string[] | null;
  @ApiProperty({ type: String, nullable: true }) streamPrefix!: string | null;
  @ApiProperty({ description: 'deliveries start after this position (the latest replay’s)' })
  fromPosition!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['active', 'failing'] }) status!: 'active' | 'failing';
  @ApiProperty({ description: 'every selected event up to here was delivered or dead-lettered' })
  deliveredUpTo!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failingSince!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
}

export class CreatedWebhookSubscription extends WebhookSubscription {
  @ApiProperty({ description: 'Standard Webhooks secret, shown once', example: 'whsec_...' })
  secret!: string;
}

export class WebhookDelivery {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() position!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ enum: ['delivered', 'failed', 'dead_lettered'] }) outcome!: string;
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ type: 'integer' }) statusCode?: number;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional({ type: 'integer' }) durationMs?: number;
}

export class WebhookDeliveries {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ type: [WebhookDelivery], description: 'newest first' }) deliveries!: WebhookDelivery[];
}

export class ErrorBody {
  @ApiProperty({ type: 'integer' }) statusCode!: number;
  @ApiProperty() error!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message!: string | string[];
}
