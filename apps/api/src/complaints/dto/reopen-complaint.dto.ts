import { IsString, Length } from 'class-validator';
import { OccurredAtDto } from './occurred-at.dto';

export class ReopenComplaintDto extends OccurredAtDto {
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
