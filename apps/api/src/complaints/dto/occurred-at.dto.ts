import { IsInstant } from '../../http/instant';
import { MayBeAbsent } from '../../http/field-rules';

/** Every command body may say when it happened (default: now). */
export class OccurredAtDto {
  /** ISO-8601 date-time with Z or an offset; at most 5 minutes ahead of the server clock. */
  @MayBeAbsent()
  @IsInstant()
  occurredAt?: string;
}
