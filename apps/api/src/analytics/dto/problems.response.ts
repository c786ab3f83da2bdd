import { ApiProperty } from '@nestjs/swagger';
import { PROBLEM_GROUPINGS, type ProblemFigures, type ProblemRow } from '@cl/read-models';

/** GET /analytics/problems and /analytics/branches (docs/http-api.md, Analytics). */

export class ProblemFiguresRow implements ProblemFigures {
  @ApiProperty({ type: 'integer', minimum: 0 }) count!: number;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'share breached, as of now' }) breachRate!: number;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'share reopened at least once' }) reopenRate!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'mean survey score; null when none' })
  avgSatisfaction!: number | null;
}

/** The same four figures, current - previous. */
export class ProblemChange {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty() breachRate!: number;
  @ApiProperty() reopenRate!: number;
  @ApiProperty({ type: Number, nullable: true }) avgSatisfaction!: number | null;
}

export class ProblemReportRow extends ProblemFiguresRow implements ProblemRow {
  @ApiProperty({ description: 'the category, product or branch; "none" when the complaint has none' })
  key!: string;
  @ApiProperty({ type: ProblemFiguresRow, description: 'the previous period of equal length' })
  previous!: ProblemFiguresRow;
  @ApiProperty({ type: ProblemChange }) change!: ProblemChange;
}

export class ProblemReport {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: PROBLEM_GROUPINGS }) by!: string;
  @ApiProperty({ type: [ProblemReportRow] }) rows!: ProblemReportRow[];
}

export class BranchRankings {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [ProblemReportRow], description: 'best satisfaction first' })
  bySatisfaction!: ProblemReportRow[];
  @ApiProperty({ type: [ProblemReportRow], description: 'highest breach rate first' })
  byBreachRate!: ProblemReportRow[];
}
