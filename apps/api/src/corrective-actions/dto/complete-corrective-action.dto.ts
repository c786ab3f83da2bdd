import { IsString, Length } from 'class-validator';
import { FREE_TEXT_MAX, MayBeAbsent } from '../../http/field-rules';
import { OccurredAtDto } from '../../complaints/dto/occurred-at.dto';

/** The completion's time is its occurredAt (default: now). */
export class CompleteCorrectiveActionDto extends OccurredAtDto {
  @MayBeAbsent()
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  note?: string;
}
