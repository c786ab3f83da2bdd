import { IsString, Length } from 'class-validator';
import { FREE_TEXT_MAX } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class ExtendDeadlineDto extends OccurredAtDto {
  /** Why the final response needs more time. */
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  reason!: string;
}
