import { IsOptional } from 'class-validator';
import { IsFreeText } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class CloseComplaintDto extends OccurredAtDto {
  @IsOptional()
  @IsFreeText()
  reason?: string;
}
