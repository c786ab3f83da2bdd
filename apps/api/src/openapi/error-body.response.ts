import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The error body of every 4xx and 5xx answer (docs/http-api.md, Errors). */
export class ErrorBody {
  @ApiProperty({ type: 'integer', example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    description: 'what went wrong; for bad input, a list naming each offending field',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  message!: string | string[];
}

/** 412: the `If-Match` revision is not the stream's. */
export class RevisionMismatchErrorBody extends ErrorBody {
  @ApiProperty({ type: 'integer', minimum: 0 }) expectedRevision!: number;
  @ApiProperty({ type: 'integer', minimum: -1, description: '-1 when the stream does not exist' })
  actualRevision!: number;
}

/** 409: the command is not allowed in the complaint's status, an existing id, a repeated orderId. */
export class ConflictErrorBody extends ErrorBody {
  @ApiPropertyOptional({
    description: 'the complaint status that refuses the command (when that is the conflict)',
    example: 'closed',
  })
  status?: string;
  @ApiPropertyOptional({ description: 'the orderId already recorded for the customer' })
  orderId?: string;
}

/** 422: an Idempotency-Key reused with another body, or occurredAt earlier than the stream's last event. */
export class UnprocessableErrorBody extends ErrorBody {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'the stream’s last occurredAt (when that is the reason)',
  })
  lastOccurredAt?: string;
}
