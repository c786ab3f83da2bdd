import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { RESOLUTION_TYPES, type ResolutionType } from '@cl/complaints';
import { OccurredAtDto } from './occurred-at.dto';

export class CompensationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount!: number;

  /** ISO 4217, e.g. EUR. */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;
}

export class GoodwillDto {
  @IsString()
  @Length(1, 2000)
  description!: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  value?: number;
}

export class ResolveComplaintDto extends OccurredAtDto {
  @IsIn(RESOLUTION_TYPES)
  resolutionType!: ResolutionType;

  @IsString()
  @Length(1, 2000)
  summary!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => CompensationDto)
  compensation?: CompensationDto;

  /** The extra benefit given beyond what was owed or promised. */
  @IsOptional()
  @ValidateNested()
  @Type(() => GoodwillDto)
  goodwill?: GoodwillDto;

  @IsOptional()
  @IsBoolean()
  onTheSpot?: boolean;
}
