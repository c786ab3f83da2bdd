import { ApiProperty } from '@nestjs/swagger';
import { RiskEntry } from '../../customers/dto/risk-entry.response';

/** GET /analytics/early-warning: the customers at or above minLevel, ranked. */
export class EarlyWarningList {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [RiskEntry], description: 'highest score first' }) customers!: RiskEntry[];
}
