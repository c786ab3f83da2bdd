import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ATTITUDES,
  CHANNELS,
  OUTCOMES,
  RESOLUTION_TYPES,
  RESPONDENT_ROLES,
  SEVERITIES,
  type DeadlinesView,
  type DeadlineView,
  type FinalResponseDeadlineView,
} from '@cl/complaints';

/** GET /complaints/:id, /complaints/:id/state and the items of GET /complaints (docs/http-api.md, Queries). */

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
  @ApiPropertyOptional({ enum: OUTCOMES, description: 'whether the complaint was upheld, when given' })
  outcome?: string;
}

/** One service-level target of a complaint (docs/service-levels.md, What the API shows). */
export class Deadline implements DeadlineView {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null while the (resolve) target is paused',
  })
  dueAt!: string | null;
  @ApiPropertyOptional({ format: 'date-time', description: 'when the target was met; absent until then' })
  metAt?: string;
  @ApiProperty({ description: 'evaluated at now (at asOf for /state)' }) breached!: boolean;
  @ApiPropertyOptional({ description: 'true while the resolve target is paused; absent otherwise' })
  paused?: boolean;
  @ApiPropertyOptional({
    type: Boolean,
    enum: [false],
    description:
      'false when due after the business calendar of the policy ends (calendarCoversUntil): counted with the week alone, no holidays; absent otherwise',
  })
  calendarCovered?: false;
}

export class FinalResponseDeadline extends Deadline implements FinalResponseDeadlineView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the extensions granted so far' })
  extensions!: number;
}

/** Each target is absent when the policy did not define it when the complaint was filed. */
export class Deadlines implements DeadlinesView {
  @ApiPropertyOptional({ type: Deadline }) acknowledge?: Deadline;
  @ApiPropertyOptional({
    type: Deadline,
    description: 'the current handling cycle; always there (SLA_HOURS calendar hours without a policy)',
  })
  resolve?: Deadline;
  @ApiPropertyOptional({ type: FinalResponseDeadline, description: 'with its extensions' })
  finalResponse?: FinalResponseDeadline;
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

/** The latest RootCauseRecorded (docs/domain.md, Root cause). */
export class ComplaintRootCause {
  @ApiProperty({ example: 'courier_damage' }) cause!: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ format: 'date-time', description: 'when it was recorded (occurredAt)' }) at!: string;
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
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the employee the complaint is about, when given at filing',
  })
  subjectAgentId!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) filedAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'of the current handling cycle; null while paused',
  })
  resolutionDueAt!: string | null;
  @ApiPropertyOptional({ format: 'date-time', description: 'the latest resolution’s; absent while open' })
  resolvedAt?: string;
  @ApiProperty({ description: 'evaluated at now (at asOf for /state)' }) slaBreached!: boolean;
  @ApiProperty({ description: 'true while the resolve target is paused (POST /complaints/:id/pause)' })
  paused!: boolean;
  @ApiProperty({ type: Deadlines }) deadlines!: Deadlines;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'the service-level policy rule the complaint matched at filing (its targets count); null outside rules',
  })
  policyRule!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: '0 when never escalated' })
  escalationLevel!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) reopenCount!: number;
  @ApiPropertyOptional() assignedTo?: string;
  @ApiPropertyOptional({ type: Resolution }) resolution?: Resolution;
  @ApiProperty({ type: ComplaintCallback }) callback!: ComplaintCallback;
  @ApiProperty({ type: [SatisfactionSurvey] }) satisfaction!: SatisfactionSurvey[];
  @ApiPropertyOptional({
    type: ComplaintRootCause,
    description: 'the latest root cause recorded; absent until one is',
  })
  rootCause?: ComplaintRootCause;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
}

export class ComplaintPage {
  @ApiProperty({
    type: [Complaint],
    description: 'newest filing first; may be fewer than `limit`, even none, while nextCursor is not null',
  })
  items!: Complaint[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `cursor` for the next page; null only at the end of the index',
  })
  nextCursor!: string | null;
}
