import { IsOptional } from 'class-validator';
import { IsInstant } from '../../http/instant';

/** GET /customers/:id/risk?asOf */
export class RiskQueryDto {
  /** Default: now. Only events that occurred at or before it count. */
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
