import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OUTCOMES, RESOLUTION_TYPES, type Outcome, type ResolutionType } from '@cl/complaints';
import { AMOUNT_MAX, FREE_TEXT_MAX, MayBeAbsent } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class CompensationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(AMOUNT_MAX)
  amount!: number;

  /** ISO 4217, e.g. EUR. */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;
}

export class GoodwillDto {
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  description!: string;

  @MayBeAbsent()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(AMOUNT_MAX)
  value?: number;
}

export class ResolveComplaintDto extends OccurredAtDto {
  @IsIn(RESOLUTION_TYPES)
  resolutionType!: ResolutionType;

  @IsString()
  @Length(1, FREE_TEXT_MAX)
  summary!: string;

  /** A JSON object; an array or a scalar is 400. */
  @MayBeAbsent()
  @IsObject()
  @ValidateNested()
  @Type(() => CompensationDto)
  compensation?: CompensationDto;

  /** The extra benefit given beyond what was owed or promised. */
  @MayBeAbsent()
  @IsObject()
  @ValidateNested()
  @Type(() => GoodwillDto)
  goodwill?: GoodwillDto;

  @MayBeAbsent()
  @IsBoolean()
  onTheSpot?: boolean;

  /** Whether the complaint was upheld (the complaints return counts them). */
  @MayBeAbsent()
  @IsIn(OUTCOMES)
  outcome?: Outcome;
}
