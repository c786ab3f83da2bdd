import { IsOptional } from 'class-validator';
import { IsFreeText } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class EscalateComplaintDto extends OccurredAtDto {
  @IsOptional()
  @IsFreeText()
  note?: string;
}
