import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional } from 'class-validator';
import { FUNNEL_GROUP_BY, type FunnelGroupBy } from '@cl/read-models';
import { IsInstant } from '../../http/instant';

/** GET /analytics/funnel?from&to&groupBy&repurchaseWindowDays */
export class FunnelQueryDto {
  /** Cohort start (inclusive): complaints filed at or after it. */
  @IsInstant()
  from!: string;

  /** Cohort end (exclusive). */
  @IsInstant()
  to!: string;

  @IsOptional()
  @IsIn(FUNNEL_GROUP_BY)
  groupBy?: FunnelGroupBy;

  /** One of REPURCHASE_WINDOWS (default 90). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  repurchaseWindowDays?: number;
}
