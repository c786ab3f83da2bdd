import { ApiProperty } from '@nestjs/swagger';
import { REASON_CODES, type ReasonCode } from '@cl/customer-risk';
import {
  FLAGGED_LEVELS,
  RISK_CONDITIONS,
  type BacktestOfInstant,
  type EarlyWarningBacktest as Backtest,
  type FlaggedLevel,
  type LossCount,
  type RiskConditionId,
  type SuggestedPoints,
} from '@cl/read-models';

/** GET /analytics/early-warning/backtest (definitions: docs/domain.md, The backtest). */

const RATE = { type: Number, nullable: true, minimum: 0, maximum: 1 } as const;

export class BacktestLevel {
  @ApiProperty({ enum: FLAGGED_LEVELS, description: 'flagged: a score at or above this level' })
  level!: FlaggedLevel;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'customers flagged' }) customers!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of them, lost' }) lost!: number;
  @ApiProperty({ ...RATE, description: 'lost / customers flagged; null when none is' })
  precision!: number | null;
  @ApiProperty({ ...RATE, description: 'flagged lost / all lost; null when none was lost' })
  recall!: number | null;
}

export class BacktestLossCount implements LossCount {
  @ApiProperty({ type: 'integer', minimum: 0 }) customers!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) lost!: number;
  @ApiProperty({ ...RATE, description: 'null when there is no customer' }) lossRate!: number | null;
}

export class BacktestReason {
  @ApiProperty({ enum: REASON_CODES }) code!: ReasonCode;
  @ApiProperty({ type: BacktestLossCount, description: 'customers whose score has this code at asOf' })
  with!: BacktestLossCount;
  @ApiProperty({ type: BacktestLossCount, description: 'the rest of the population' })
  without!: BacktestLossCount;
}

export class BacktestTopDecile {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'ceil(10%) of the population' })
  customers!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) lost!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "the decile's loss rate / the population's; null when that is 0",
  })
  lift!: number | null;
}

export class BacktestOfAsOf implements BacktestOfInstant {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'customers with a purchase in the 365 days up to asOf',
  })
  customers!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of them, no purchase in (asOf, asOf + horizon]' })
  lost!: number;
  @ApiProperty({ ...RATE, description: 'null when there is no customer' }) lossRate!: number | null;
  @ApiProperty({
    ...RATE,
    description:
      'P(a lost customer scores higher than a retained one), ties one half; null when a group is empty',
  })
  auc!: number | null;
  @ApiProperty({ type: [BacktestLevel] }) byLevel!: BacktestLevel[];
  @ApiProperty({ type: BacktestTopDecile }) topDecile!: BacktestTopDecile;
  @ApiProperty({ type: [BacktestReason] }) byReason!: BacktestReason[];
}

export class BacktestSuggestedPoints implements SuggestedPoints {
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(RISK_CONDITIONS.map((condition) => [condition.id, { type: 'integer' }])),
    description:
      'per condition (code, or code:sub-condition): logistic-regression weights scaled so the largest equals the largest configured points; never applied',
  })
  points!: Record<RiskConditionId, number>;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(RISK_CONDITIONS.map((condition) => [condition.id, { type: 'integer' }])),
    description: 'per condition: the configured points the list scores with, beside the suggested ones',
  })
  configuredPoints!: Record<RiskConditionId, number>;
  @ApiProperty({ ...RATE, description: 'AUC of these points on the rows they were fitted to (in-sample)' })
  auc!: number | null;
  @ApiProperty({ ...RATE, description: "the configured score's AUC on the same rows" })
  configuredAuc!: number | null;
  @ApiProperty({ enum: [true], description: 'both AUCs are in-sample' }) inSample!: true;
  @ApiProperty({ type: 'integer', minimum: 0, description: '(asOf, customer) rows' }) rows!: number;
}

export class EarlyWarningBacktest implements Backtest {
  @ApiProperty({ type: 'integer' }) horizonDays!: number;
  @ApiProperty({ type: [BacktestOfAsOf], description: 'one per asOf, in the order asked' })
  results!: BacktestOfAsOf[];
  @ApiProperty({ type: BacktestSuggestedPoints }) suggested!: BacktestSuggestedPoints;
}
