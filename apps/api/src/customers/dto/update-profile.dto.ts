import { IsIn, IsString, Length } from 'class-validator';
import { VALUE_TIERS, type ValueTier } from '@cl/customers';
import { OccurredAtDto } from '../../complaints/dto/occurred-at.dto';
import { MayBeAbsent } from '../../http/field-rules';

export class UpdateProfileDto extends OccurredAtDto {
  @MayBeAbsent()
  @IsString()
  @Length(1, 64)
  segment?: string;

  @MayBeAbsent()
  @IsIn(VALUE_TIERS)
  valueTier?: ValueTier;
}
