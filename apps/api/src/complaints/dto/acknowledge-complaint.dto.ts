import { IsIn } from 'class-validator';
import { CHANNELS, type Channel } from '@cl/complaints';
import { MayBeAbsent } from '../../http/field-rules';
import { OccurredAtDto } from './occurred-at.dto';

export class AcknowledgeComplaintDto extends OccurredAtDto {
  /** How the acknowledgement reached the customer. */
  @MayBeAbsent()
  @IsIn(CHANNELS)
  channel?: Channel;
}
