import { ApiProperty } from '@nestjs/swagger';
import type { FunnelBaseline, FunnelGroup, FunnelReport } from '@cl/read-models';

/** GET /analytics/funnel (docs/http-api.md, Analytics; definitions in docs/domain.md). */

export class FunnelRates {
  @ApiProperty({ minimum: 0, maximum: 1 }) resolved!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) callbackReached!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) satisfied!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) repurchased!: number;
}

export class FunnelGroupRow implements FunnelGroup {
  @ApiProperty({ description: '"all" without groupBy' }) key!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) filed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) resolved!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) callbackReached!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) satisfied!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) repurchased!: number;
  @ApiProperty({ type: FunnelRates }) rates!: FunnelRates;
  @ApiProperty({ type: Number, nullable: true, description: 'null when none was resolved' })
  medianHoursToResolve!: number | null;
}

export class FunnelBaselineFigures implements FunnelBaseline {
  @ApiProperty({ type: 'integer', minimum: 0 }) customers!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) repurchased!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) rate!: number;
}

export class Funnel implements FunnelReport {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: 'integer' }) repurchaseWindowDays!: number;
  @ApiProperty({ type: [FunnelGroupRow] }) groups!: FunnelGroupRow[];
  @ApiProperty({ type: FunnelBaselineFigures }) baseline!: FunnelBaselineFigures;
}
