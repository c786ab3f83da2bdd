import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** One projection's checkpoint and lag (docs/http-api.md, Operations). */
export class ProjectionHealth {
  @ApiProperty({ description: 'last processed global position, a decimal string' }) position!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'events between the store’s head and it; 0 = caught up',
  })
  lag!: number;
  @ApiProperty({
    enum: ['running', 'rebuilding', 'failing', 'superseded'],
    example: 'running',
    description:
      'running; rebuilding after a failed batch; failing while projecting an event throws, or that rebuild fails too (retried with back-off from 1 s to 5 min, never skipped); superseded when a newer version of it runs',
  })
  state!: string;
  @ApiPropertyOptional({ description: 'why it is not running (admin token only)' }) error?: string;
  @ApiPropertyOptional({
    description: 'failing: the global position of the event it fails at, a decimal string (admin token only)',
  })
  failingAt?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'failing: attempts so far (admin token only)' })
  attempts?: number;
  @ApiPropertyOptional({ description: 'failing: when the next attempt is due, ISO (admin token only)' })
  retryAt?: string;
}

/** Job counts of one BullMQ queue. */
export class QueueCounts {
  @ApiProperty({ type: 'integer', minimum: 0 }) waiting!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) delayed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) active!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) completed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed!: number;
}

/** A part that follows the log and is catching up again, its Redis state having belonged to another history. */
export class RecoveryHealth {
  @ApiProperty({ example: 'projection:funnel', description: 'projection:<name>, timers or webhooks' })
  component!: string;
  @ApiProperty({ format: 'date-time', description: 'when the recovery began' }) since!: string;
  @ApiPropertyOptional({ description: 'why (shown to an admin token only)' }) reason?: string;
}

/**
 * GET /health: 200 when every dependency is up (status "recovering" while a part rebuilds or
 * resumes after its Redis state turned out to belong to another history), 503 (same shape,
 * status "error") when one is down.
 */
export class HealthReport {
  @ApiProperty({ enum: ['ok', 'recovering', 'error'] }) status!: string;
  @ApiPropertyOptional({ type: [RecoveryHealth], description: 'present while status is recovering' })
  recovering?: RecoveryHealth[];
  @ApiProperty({
    example: 'up',
    description:
      'up, down, or "cannot write" (a full disk, an I/O error: commands answer 503 meanwhile); an admin token sees "cannot write: <reason>"',
  })
  eventStore!: string;
  @ApiProperty({
    example: 'up',
    description:
      'up, down, "evicting" (a Redis that may drop data) or "cannot write" (its disk is full), both 503; an admin token sees "evicting: maxmemory-policy <policy>" and "cannot write: <reason>"',
  })
  redis!: string;
  @ApiPropertyOptional({
    type: [String],
    description:
      'what an operator should fix though the service runs, e.g. a Redis without persistence (admin token only)',
  })
  warnings?: string[];
  @ApiPropertyOptional({
    description:
      'with SLA_POLICY_FILE: `ok`, or `calendar ends <date>` from 60 days before the policy’s calendarCoversUntil (list the next year’s holidays)',
    example: 'calendar ends 2027-12-31',
  })
  serviceLevels?: string;
  @ApiProperty({
    type: 'object',
    description: 'by projection name; empty when a dependency is down',
    additionalProperties: { $ref: getSchemaPath(ProjectionHealth) },
  })
  projections!: Record<string, ProjectionHealth>;
  @ApiProperty({
    type: 'object',
    description: 'by queue name; empty when a dependency is down',
    additionalProperties: { $ref: getSchemaPath(QueueCounts) },
  })
  queues!: Record<string, QueueCounts>;
}
