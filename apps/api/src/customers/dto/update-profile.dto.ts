import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { VALUE_TIERS, type ValueTier } from '@cl/customers';
import { OccurredAtDto } from '../../complaints/dto/occurred-at.dto';

export class UpdateProfileDto extends OccurredAtDto {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  segment?: string;

  @IsOptional()
  @IsIn(VALUE_TIERS)
  valueTier?: ValueTier;
}
