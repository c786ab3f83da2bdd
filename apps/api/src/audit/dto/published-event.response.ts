import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ActorSource } from '@cl/commands';

const ACTOR_SOURCES = ['api-key', 'oidc'] as const satisfies readonly ActorSource[];
import type { PublishedEvent as PublishedEventShape } from '@cl/audit';

/** Who acted (docs/domain.md, Metadata on every event). */
export class EventActor {
  @ApiProperty({
    description:
      "a stable id: a named API key's actorId, an unnamed one's keyed HMAC, an OpenID Connect subject, or a part of the service (role system)",
  })
  id!: string;
  @ApiProperty({ example: 'agent', description: 'the role it acted in; `system` for the service itself' })
  role!: string;
  @ApiPropertyOptional({ description: "the person's name, where the identity provider gives one" })
  name?: string;
  @ApiPropertyOptional({
    enum: ACTOR_SOURCES,
    description:
      'how they signed in: an API key or OpenID Connect; absent for the service itself (role system) and for events recorded before it was kept',
  })
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
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the event’s data, its personal fields in clear, or "[erased]" once the customer’s personal data was erased',
  })
  data!: object;
  @ApiProperty({ type: String, nullable: true, description: 'lowercase hex SHA-256' }) hash!: string | null;
  @ApiProperty({ type: String, nullable: true }) prevHash!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { description: 'pd1.…' },
    description:
      'the stored (sealed) values of the personal fields, by dotted field name (e.g. `respondent.contactId`), on events stored with sealed personal fields (schemaVersion 2): the hash covers `data` with these values in place of the shown ones',
  })
  sealed?: Record<string, string>;
}
