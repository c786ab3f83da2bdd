import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { RiskLevel } from '@cl/read-models';
import { IsInstant } from '../../http/instant';

export const EARLY_WARNING_LIMIT_DEFAULT = 100;
export const EARLY_WARNING_LIMIT_MAX = 1000;

/** GET /analytics/early-warning?asOf&limit&minLevel */
export class EarlyWarningQueryDto {
  /** Default: now. */
  @IsOptional()
  @IsInstant()
  asOf?: string;

  /** Default 100; above 1000 clamped; below 1 refused. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;

  /** Default watch. */
  @IsOptional()
  @IsIn(['none', 'watch', 'warning', 'critical'])
  minLevel?: RiskLevel;
}
