import { IsString, Length } from 'class-validator';
import { FREE_TEXT_MAX, MayBeAbsent } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class EscalateComplaintDto extends OccurredAtDto {
  @MayBeAbsent()
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  note?: string;
}
