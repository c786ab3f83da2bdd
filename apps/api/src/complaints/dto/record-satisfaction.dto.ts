import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { RESPONDENT_ROLES, type RespondentRole } from '@cl/complaints';
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
  @IsString()
  @Length(1, 5000)
  comment?: string;
}
