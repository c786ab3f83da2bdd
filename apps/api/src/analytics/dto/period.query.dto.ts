import { IsIn, IsOptional } from 'class-validator';
import { PROBLEM_DIMENSIONS, type ProblemDimension } from '@cl/read-models';
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
  /** Default category. */
  @IsOptional()
  @IsIn(PROBLEM_DIMENSIONS)
  by?: ProblemDimension;
}
