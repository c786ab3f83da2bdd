import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { CORRECTIVE_TARGET_DIMENSIONS, type CorrectiveTargetDimension } from '@cl/corrective-actions';
import { FREE_TEXT_MAX, MayBeAbsent } from '../../http/field-rules';
import { IsId } from '../../http/id';
import { IsInstant } from '../../http/instant';
import { OccurredAtDto } from '../../complaints/dto/occurred-at.dto';

/** The problem key an action targets (docs/domain.md, Corrective actions). */
export class CorrectiveActionTargetDto {
  @IsIn(CORRECTIVE_TARGET_DIMENSIONS)
  by!: CorrectiveTargetDimension;

  /** A category (1-64), or a product, branch or cause id. */
  @IsString()
  @Length(1, 64)
  value!: string;
}

export class OpenCorrectiveActionDto extends OccurredAtDto {
  /** Generated when absent (with an Idempotency-Key: derived from it). */
  @MayBeAbsent()
  @IsId()
  actionId?: string;

  /** A JSON object; an array or a scalar is 400. */
  @IsObject()
  @ValidateNested()
  @Type(() => CorrectiveActionTargetDto)
  target!: CorrectiveActionTargetDto;

  @IsString()
  @Length(1, FREE_TEXT_MAX)
  description!: string;

  /** Who answers for the action (an id). */
  @IsId()
  owner!: string;

  @IsInstant()
  dueAt!: string;
}
