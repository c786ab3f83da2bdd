import { ApiProperty } from '@nestjs/swagger';
import type { PublishedEvent as PublishedEventShape } from '@cl/audit';

export class EventActor {
  @ApiProperty({ description: "a stable id of the token, or the identity provider's actor claim" })
  id!: string;
  @ApiProperty({ example: 'agent' }) role!: string;
  @ApiProperty({ required: false, description: "the person's name, where the identity provider gives one" })
  name?: string;
  @ApiProperty({ required: false, enum: ['api-key', 'oidc'], description: 'how the actor signed in' })
  via?: string;
}

/**
 * The shared event shape: how every event leaves the service (history, feed, live stream,
 * webhooks, audit export), enough to recompute its hash (docs/http-api.md, Audit).
 */
export class PublishedEvent implements PublishedEventShape {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'complaint-C-1' }) streamId!: string;
  @ApiProperty({ example: 'ComplaintFiled' }) type!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
  @ApiProperty({ description: 'global position, a decimal string', example: '42' }) position!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) occurredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: EventActor, nullable: true }) actor!: EventActor | null;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event’s data' }) data!: object;
  @ApiProperty({ type: String, nullable: true, description: 'lowercase hex SHA-256' }) hash!: string | null;
  @ApiProperty({ type: String, nullable: true }) prevHash!: string | null;
}
