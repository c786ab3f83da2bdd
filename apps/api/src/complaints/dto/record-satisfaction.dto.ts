import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { RESPONDENT_ROLES, type RespondentRole } from '@cl/complaints';
import { IsFreeText } from '../../http/field-rules';
import { IsId } from '../../http/id';
import { OccurredAtDto } from './occurred-at.dto';

export class RespondentDto {
  @IsId()
  contactId!: string;

  @IsIn(RESPONDENT_ROLES)
  role!: RespondentRole;
}

export class RecordSatisfactionDto extends OccurredAtDto {
  @IsObject()
  @ValidateNested()
  @Type(() => RespondentDto)
  respondent!: RespondentDto;

  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @IsOptional()
  @IsFreeText()
  comment?: string;
}
