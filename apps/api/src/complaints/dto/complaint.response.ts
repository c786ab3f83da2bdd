import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTITUDES, CHANNELS, RESOLUTION_TYPES, RESPONDENT_ROLES, SEVERITIES } from '@cl/complaints';

/** GET /complaints/:id, /complaints/:id/state and the items of GET /complaints (http-api.md, Queries). */

export class Compensation {
  @ApiProperty({ minimum: 0 }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class Goodwill {
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ minimum: 0 }) value?: number;
}

/** The latest resolution (the ComplaintResolved event's data). */
export class Resolution {
  @ApiProperty({ enum: RESOLUTION_TYPES }) resolutionType!: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional({ type: Compensation }) compensation?: Compensation;
  @ApiPropertyOptional({ type: Goodwill }) goodwill?: Goodwill;
  @ApiProperty() onTheSpot!: boolean;
  @ApiProperty({ description: 'the actor id of the resolving token' }) resolvedBy!: string;
  @ApiProperty({ format: 'date-time' }) callbackDueAt!: string;
}

export class ComplaintCallback {
  @ApiPropertyOptional({ format: 'date-time', description: 'the current resolution’s call-back due time' })
  dueAt?: string;
  @ApiPropertyOptional({ description: 'from the latest CallbackRecorded' }) reached?: boolean;
  @ApiPropertyOptional({ enum: ATTITUDES }) attitude?: string;
}

export class Respondent {
  @ApiProperty() contactId!: string;
  @ApiProperty({ enum: RESPONDENT_ROLES }) role!: string;
}

export class SatisfactionSurvey {
  @ApiProperty({ type: Respondent }) respondent!: Respondent;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

export class Complaint {
  @ApiProperty() complaintId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: ['open', 'resolved', 'closed'] }) status!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ type: String, nullable: true }) branchId!: string | null;
  @ApiProperty({ type: String, nullable: true }) productId!: string | null;
  @ApiProperty({ type: String, nullable: true }) orderId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the complaint this one follows up' })
  followUpOf!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) filedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'of the current handling cycle' })
  resolutionDueAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'the latest resolution’s; absent while open' })
  resolvedAt?: string;
  @ApiProperty({ description: 'evaluated at now (at asOf for /state)' }) slaBreached!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: '0 when never escalated' })
  escalationLevel!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) reopenCount!: number;
  @ApiPropertyOptional() assignedTo?: string;
  @ApiPropertyOptional({ type: Resolution }) resolution?: Resolution;
  @ApiProperty({ type: ComplaintCallback }) callback!: ComplaintCallback;
  @ApiProperty({ type: [SatisfactionSurvey] }) satisfaction!: SatisfactionSurvey[];
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
}

export class ComplaintPage {
  @ApiProperty({ type: [Complaint], description: 'newest filing first' }) items!: Complaint[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `cursor` for the next page; null at the end',
  })
  nextCursor!: string | null;
}
