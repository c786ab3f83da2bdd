import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsInstantList } from '../../http/instant';

export const BACKTEST_MAX_INSTANTS = 12;
export const BACKTEST_HORIZON_DEFAULT = 90;

/** GET /analytics/early-warning/backtest?asOf&horizonDays */
export class EarlyWarningBacktestQueryDto {
  /** 1 to 12 instants separated by commas, each at least horizonDays before now. */
  @IsInstantList(BACKTEST_MAX_INSTANTS)
  asOf!: string;

  /** Days after each asOf in which a customer who buys nothing counts as lost: 30-365, default 90. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(365)
  horizonDays?: number;
}
