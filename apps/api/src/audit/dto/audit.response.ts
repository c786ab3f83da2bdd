import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { InvalidSeal, LogVerification, StreamVerification } from '@cl/audit';
import { PublishedEvent } from './published-event.response';

/** GET /complaints/:id/history: every event of the stream, in revision order. */
export class ComplaintHistory {
  @ApiProperty({ example: 'complaint-C-1' }) streamId!: string;
  @ApiProperty({ type: [PublishedEvent] }) events!: PublishedEvent[];
}

/** GET /complaints/:id/verify */
export class StreamVerificationResult implements StreamVerification {
  @ApiProperty() streamId!: string;
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0 }) events!: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'absent when valid' })
  firstInvalidRevision?: number;
}

export class InvalidStream {
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) firstInvalidRevision!: number;
}

export class InvalidSealDetail implements InvalidSeal {
  @ApiProperty({ description: 'position of the AuditSealed event' }) position!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision!: number;
  @ApiProperty() afterPosition!: string;
  @ApiProperty() upToPosition!: string;
  @ApiProperty({ enum: ['malformed', 'prevSealHash', 'upToPosition', 'logHash', 'events', 'streams'] })
  mismatch!: InvalidSeal['mismatch'];
}

export class SealCheck {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'seals compared with the log, a failing one included',
  })
  checked!: number;
  @ApiPropertyOptional({ description: 'upToPosition of the first seal the log disagrees with' })
  firstInvalidPosition?: string;
  @ApiPropertyOptional({ type: InvalidSealDetail }) firstInvalidSeal?: InvalidSealDetail;
}

/** GET /audit/verify: every stream's chain and every seal. */
export class LogVerificationResult implements LogVerification {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0 }) streams!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) events!: number;
  @ApiProperty({ type: [InvalidStream] }) invalid!: InvalidStream[];
  @ApiProperty({ type: SealCheck }) seals!: SealCheck;
}
