import { IsOptional, IsString, Length } from 'class-validator';
import { OccurredAtDto } from './occurred-at.dto';

export class EscalateComplaintDto extends OccurredAtDto {
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
