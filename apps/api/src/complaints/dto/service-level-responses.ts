import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What every command answers (http-api.md, Concurrency and retries). */
export class ComplaintCommandResponse {
  @ApiProperty() complaintId!: string;
  @ApiProperty({ description: "the stream's new revision (also the ETag)" }) revision!: number;
  @ApiProperty({ description: 'global position of the last appended event', example: '1042' })
  position!: string;
}

export class AcknowledgementResponse extends ComplaintCommandResponse {
  @ApiProperty({ format: 'date-time' }) acknowledgedAt!: string;
}

export class PauseResponse extends ComplaintCommandResponse {
  @ApiProperty({ description: 'what the resolve target had left, in its unit (calendar or opening ms)' })
  resolveLeftMs!: number;
}

export class ResumeResponse extends ComplaintCommandResponse {
  @ApiProperty({ format: 'date-time' }) resolutionDueAt!: string;
}

export class ExtensionResponse extends ComplaintCommandResponse {
  @ApiProperty({ description: 'the number of this extension, 1-based' }) extension!: number;
  @ApiProperty({ format: 'date-time' }) finalResponseDueAt!: string;
  @ApiPropertyOptional({ description: 'the admin who approved an extension that needs approval' })
  approvedBy?: string;
}
