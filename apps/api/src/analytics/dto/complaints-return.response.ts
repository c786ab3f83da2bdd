import { ApiProperty } from '@nestjs/swagger';
import { RETURN_DIMENSIONS } from '@cl/read-models';

/** The named response schema of GET /analytics/complaints-return (docs/service-levels.md). */

export class RedressAmount {
  @ApiProperty({ example: 'GBP', description: 'ISO 4217' }) currency!: string;
  @ApiProperty({ example: 150.25, description: 'summed exactly as decimals' }) amount!: number;
}

export class ComplaintsReturnRow {
  @ApiProperty({
    description:
      'the category, product, branch, policy rule or root cause; `none` where the complaint has none',
  })
  key!: string;
  @ApiProperty({ description: 'complaints filed before from and not closed before from' })
  outstandingAtStart!: number;
  @ApiProperty({ description: 'complaints filed in [from, to)' }) received!: number;
  @ApiProperty({ description: 'complaints closed (first resolution or closing, the earlier) in [from, to)' })
  closed!: number;
  @ApiProperty({
    description: 'of those closed: by the close of the third business day after the filing date',
  })
  closedByThirdBusinessDay!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'of those closed: after the close of the third business day and at or before the final-response due time; null when none had that target',
  })
  closedAfterThirdBusinessDayWithinFinalResponse!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'of those closed: at or before the final-response due time; null when none had that target',
  })
  closedWithinFinalResponse!: number | null;
  @ApiProperty({ description: 'of those closed: first resolution upheld' }) upheld!: number;
  @ApiProperty() partiallyUpheld!: number;
  @ApiProperty() notUpheld!: number;
  @ApiProperty({ type: [RedressAmount], description: 'compensation of the first resolutions, per currency' })
  redress!: RedressAmount[];
  @ApiProperty({
    type: [RedressAmount],
    description: 'compensation of every resolution recorded in [from, to), any cycle, per currency',
  })
  redressPaid!: RedressAmount[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'of those received: final response breached at now; null when none had that target',
  })
  finalResponseBreached!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'of those received: final response extended; null when none had that target',
  })
  extended!: number | null;
}

export class ComplaintsReturn {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: RETURN_DIMENSIONS }) by!: string;
  @ApiProperty({ type: [ComplaintsReturnRow], description: 'sorted by key' })
  rows!: ComplaintsReturnRow[];
}
