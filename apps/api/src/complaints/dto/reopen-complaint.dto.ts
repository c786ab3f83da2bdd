import { IsFreeText } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class ReopenComplaintDto extends OccurredAtDto {
  @IsFreeText()
  reason!: string;
}
