import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CORRECTIVE_TARGET_DIMENSIONS, type CorrectiveTargetDimension } from '@cl/corrective-actions';
import type { CorrectiveActionEffect, CorrectiveActionItem } from '@cl/read-models';

/** The answers of the corrective-action routes (docs/domain.md, Corrective actions). */

export class CorrectiveActionCommandResult {
  @ApiProperty() actionId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the stream’s new revision (also in ETag)' })
  revision!: number;
  @ApiProperty({ description: 'global position of the last appended event, a decimal string', example: '42' })
  position!: string;
}

export class CorrectiveActionCompletedResult extends CorrectiveActionCommandResult {
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
}

export class CorrectiveActionTarget {
  @ApiProperty({ enum: CORRECTIVE_TARGET_DIMENSIONS }) by!: CorrectiveTargetDimension;
  @ApiProperty({ example: 'courier_damage' }) value!: string;
}

export class CorrectiveAction implements CorrectiveActionItem {
  @ApiProperty() actionId!: string;
  @ApiProperty({ type: CorrectiveActionTarget }) target!: CorrectiveActionTarget;
  @ApiProperty() description!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time', description: 'the opening’s occurredAt' }) openedAt!: string;
  @ApiProperty({ enum: ['open', 'completed'] }) status!: 'open' | 'completed';
  @ApiProperty({ description: 'open and past its dueAt' }) overdue!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiPropertyOptional() note?: string;
}

export class CorrectiveActionList {
  @ApiProperty({ type: [CorrectiveAction], description: 'by dueAt, then actionId' })
  items!: CorrectiveAction[];
}

export class ComplaintsBefore {
  @ApiProperty({ type: 'integer', minimum: 0 }) complaints!: number;
  @ApiProperty({ description: 'complaints * 30 / windowDays' }) perThirtyDays!: number;
}

export class ComplaintsAfter {
  @ApiProperty({ type: 'integer', minimum: 0 }) complaints!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'complaints * 30 / days; null when days is 0' })
  perThirtyDays!: number | null;
  @ApiProperty({ description: 'the after window’s length in days, at most windowDays' }) days!: number;
}

export class CorrectiveActionEffectRow implements CorrectiveActionEffect {
  @ApiProperty() actionId!: string;
  @ApiProperty({ type: CorrectiveActionTarget }) target!: CorrectiveActionTarget;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while open at asOf' })
  completedAt!: string | null;
  @ApiProperty({
    type: ComplaintsBefore,
    description: 'the windowDays before completion (before asOf while open)',
  })
  before!: ComplaintsBefore;
  @ApiProperty({
    type: ComplaintsAfter,
    nullable: true,
    description: 'from completion up to asOf; null until completed',
  })
  after!: ComplaintsAfter | null;
  @ApiProperty({ type: Number, nullable: true, description: 'after.perThirtyDays - before.perThirtyDays' })
  change!: number | null;
}

export class CorrectiveActionEffects {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: 'integer' }) windowDays!: number;
  @ApiProperty({ type: [CorrectiveActionEffectRow], description: 'every action opened by asOf, by actionId' })
  actions!: CorrectiveActionEffectRow[];
}
