import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The answers of the complaint commands (docs/http-api.md, Commands): the stream's new revision and position. */

export class ComplaintCommandResult {
  @ApiProperty() complaintId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the stream’s new revision (also in ETag)' })
  revision!: number;
  @ApiProperty({ description: 'global position of the last appended event, a decimal string', example: '42' })
  position!: string;
}

export class ComplaintFiledResult extends ComplaintCommandResult {
  @ApiProperty({ format: 'date-time' }) resolutionDueAt!: string;
}

export class ComplaintEscalatedResult extends ComplaintCommandResult {
  @ApiProperty({ type: 'integer', minimum: 1 }) level!: number;
}

export class ComplaintResolvedResult extends ComplaintCommandResult {
  @ApiProperty({ format: 'date-time' }) callbackDueAt!: string;
}

export class ComplaintReopenedResult extends ComplaintCommandResult {
  @ApiProperty({ format: 'date-time' }) resolutionDueAt!: string;
}

/** Call-back and satisfaction: whether the answer escalated the complaint. */
export class ComplaintFeedbackResult extends ComplaintCommandResult {
  @ApiProperty() escalated!: boolean;
}

/** The service-level commands (docs/service-levels.md, Commands and events). */
export class ComplaintAcknowledgedResult extends ComplaintCommandResult {
  @ApiProperty({ format: 'date-time' }) acknowledgedAt!: string;
}

export class ComplaintPausedResult extends ComplaintCommandResult {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'what the resolve target had left, in its unit (calendar or opening milliseconds)',
  })
  resolveLeftMs!: number;
}

export class ComplaintResumedResult extends ComplaintCommandResult {
  @ApiProperty({ format: 'date-time' }) resolutionDueAt!: string;
}

export class DeadlineExtendedResult extends ComplaintCommandResult {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the number of this extension, 1-based' })
  extension!: number;
  @ApiProperty({ format: 'date-time' }) finalResponseDueAt!: string;
  @ApiPropertyOptional({ description: 'the admin who granted an extension that needs approval' })
  approvedBy?: string;
}
