import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { RESOLUTION_TYPES, type ResolutionType } from '@cl/complaints';
import { IsAmount, IsFreeText } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class CompensationDto {
  @IsAmount()
  amount!: number;

  /** ISO 4217, e.g. EUR. */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;
}

export class GoodwillDto {
  @IsFreeText()
  description!: string;

  @IsOptional()
  @IsAmount()
  value?: number;
}

export class ResolveComplaintDto extends OccurredAtDto {
  @IsIn(RESOLUTION_TYPES)
  resolutionType!: ResolutionType;

  @IsFreeText(2000)
  summary!: string;

  /** A JSON object (an array is 400: class-transformer would turn it into an array of DTOs). */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CompensationDto)
  compensation?: CompensationDto;

  /** The extra benefit given beyond what was owed or promised. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GoodwillDto)
  goodwill?: GoodwillDto;

  @IsOptional()
  @IsBoolean()
  onTheSpot?: boolean;
}
