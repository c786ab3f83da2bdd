import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { RESPONDENT_ROLES, type RespondentRole } from '@cl/complaints';
import { FREE_TEXT_MAX, MayBeAbsent } from '../../http/field-rules';
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

  @MayBeAbsent()
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  comment?: string;
}
