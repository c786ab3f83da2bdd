import { IsIn, IsOptional } from 'class-validator';
import { PROBLEMS_BY, type ProblemsBy } from '@cl/read-models';
import { IsInstant } from '../../http/instant';

/** A period of filing: [from, to). */
export class PeriodQueryDto {
  @IsInstant()
  from!: string;

  @IsInstant()
  to!: string;
}

/**
 * GET /analytics/problems?from&to&by: a dimension, `agent` (the actor of each complaint's first
 * resolution, `unresolved` for none) or `cause` (its latest root cause, `none` for none).
 */
export class ProblemsQueryDto extends PeriodQueryDto {
  /** Default category. */
  @IsOptional()
  @IsIn(PROBLEMS_BY)
  by?: ProblemsBy;
}
