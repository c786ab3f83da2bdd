import { ApiProperty } from '@nestjs/swagger';
import {
  REASON_CODES,
  RISK_LEVELS,
  type ReasonCode,
  type RiskLevel,
  type RiskReason,
} from '@cl/customer-risk';
import type { RankedCustomer } from '@cl/read-models';

/** One rule that added points (docs/domain.md, Early warning). */
export class RiskReasonEntry implements RiskReason {
  @ApiProperty({ enum: REASON_CODES }) code!: ReasonCode;
  @ApiProperty({ type: 'integer' }) points!: number;
  @ApiProperty() detail!: string;
}

/** A customer's early-warning score: GET /customers/:id/risk and the list of /analytics/early-warning. */
export class RiskEntry implements RankedCustomer {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ enum: RISK_LEVELS }) level!: RiskLevel;
  @ApiProperty({ description: 'spend in the 365 days up to asOf' }) value!: number;
  @ApiProperty({ type: [RiskReasonEntry] }) reasons!: RiskReasonEntry[];
}

/** GET /customers/:id/risk: the entry at asOf. */
export class CustomerRisk extends RiskEntry {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
}
