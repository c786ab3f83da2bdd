import { IsOptional, IsString, Length } from 'class-validator';
import { OccurredAtDto } from './occurred-at.dto';

export class CloseComplaintDto extends OccurredAtDto {
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}
