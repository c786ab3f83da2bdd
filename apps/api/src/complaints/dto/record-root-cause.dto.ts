import { IsString, Length } from 'class-validator';
import { FREE_TEXT_MAX, MayBeAbsent } from '../../http/field-rules';
import { IsId } from '../../http/id';
import { OccurredAtDto } from './occurred-at.dto';

export class RecordRootCauseDto extends OccurredAtDto {
  /** An id (1-64 of the id alphabet), e.g. `courier_damage`. */
  @IsId()
  cause!: string;

  @MayBeAbsent()
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  note?: string;
}
