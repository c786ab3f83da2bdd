import { IsIn, IsOptional } from 'class-validator';
import {
  PROBLEM_DIMENSIONS,
  PROBLEM_GROUPINGS,
  type ProblemDimension,
  type ProblemGrouping,
} from '@cl/read-models';
import { IsInstant } from '../../http/instant';

/** A period of filing: [from, to). */
export class PeriodQueryDto {
  @IsInstant()
  from!: string;

  @IsInstant()
  to!: string;
}

/** GET /analytics/complaints-return?from&to&by */
export class ProblemsQueryDto extends PeriodQueryDto {
  /** Default category. */
  @IsOptional()
  @IsIn(PROBLEM_DIMENSIONS)
  by?: ProblemDimension;
}

/** GET /analytics/problems?from&to&by: the dimensions or `cause` (docs/domain.md, Problem management). */
export class ProblemReportQueryDto extends PeriodQueryDto {
  /** Default category. */
  @IsOptional()
  @IsIn(PROBLEM_GROUPINGS)
  by?: ProblemGrouping;
}
