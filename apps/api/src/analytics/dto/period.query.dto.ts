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

/** GET /analytics/problems?from&to&by */
export class ProblemsQueryDto extends PeriodQueryDto {
  /** Default category; agent: the actor of each complaint's first resolution (`unresolved` for none). */
  @IsOptional()
  @IsIn(PROBLEMS_BY)
  by?: ProblemsBy;
}
