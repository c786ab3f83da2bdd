import { ApiProperty } from '@nestjs/swagger';

/** The answers of the complaint commands (http-api.md, Commands): the stream's new revision and position. */

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
