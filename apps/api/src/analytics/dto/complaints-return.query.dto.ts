import { IsIn, IsOptional, Matches, ValidateIf } from 'class-validator';
import {
  RETURN_DIMENSIONS,
  RETURN_PERIOD_PATTERN,
  RETURN_PERIOD_RULE,
  type ReturnDimension,
} from '@cl/read-models';
import { IsInstant } from '../../http/instant';

/** GET /analytics/complaints-return?from&to|period&by */
export class ComplaintsReturnQueryDto {
  /** Start (inclusive); required unless `period` is given. */
  @ValidateIf((query: ComplaintsReturnQueryDto) => query.period === undefined || query.from !== undefined)
  @IsInstant()
  from?: string;

  /** End (exclusive); required unless `period` is given. */
  @ValidateIf((query: ComplaintsReturnQueryDto) => query.period === undefined || query.to !== undefined)
  @IsInstant()
  to?: string;

  /**
   * Instead of from and to: `YYYY-H1`, `YYYY-H2`, `YYYY-Q1`..`YYYY-Q4` or `YYYY`, local dates
   * in the policy's timezone (UTC without a policy).
   */
  @IsOptional()
  @Matches(RETURN_PERIOD_PATTERN, { message: `period ${RETURN_PERIOD_RULE}` })
  period?: string;

  /**
   * Default category; `rule`: the policy rule matched at filing, `cause`: the latest root
   * cause (`none` where there is none).
   */
  @IsOptional()
  @IsIn(RETURN_DIMENSIONS)
  by?: ReturnDimension;
}
