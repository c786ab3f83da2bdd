import { IsOptional } from 'class-validator';
import { IsInstant } from '../../http/instant';

/** Every command body may say when it happened (default: now). */
export class OccurredAtDto {
  /** ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
  @IsOptional()
  @IsInstant()
  occurredAt?: string;
}
