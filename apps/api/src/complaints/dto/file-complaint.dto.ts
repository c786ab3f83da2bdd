import { IsIn, IsString, Length } from 'class-validator';
import { CHANNELS, SEVERITIES, type Channel, type Severity } from '@cl/complaints';
import { IsId } from '../../http/id';
import { OccurredAtDto } from './occurred-at.dto';
import { MayBeAbsent } from '../../http/field-rules';

export class FileComplaintDto extends OccurredAtDto {
  /** Generated when absent. */
  @MayBeAbsent()
  @IsId()
  complaintId?: string;

  @IsId()
  customerId!: string;

  @IsIn(CHANNELS)
  channel!: Channel;

  @IsString()
  @Length(1, 64)
  category!: string;

  @IsIn(SEVERITIES)
  severity!: Severity;

  @IsString()
  @Length(1, 5000)
  description!: string;

  @MayBeAbsent()
  @IsId()
  branchId?: string;

  @MayBeAbsent()
  @IsId()
  productId?: string;

  @MayBeAbsent()
  @IsId()
  orderId?: string;

  @MayBeAbsent()
  @IsId()
  followUpOf?: string;

  /** The employee the complaint is about: it may never be assigned to them. */
  @MayBeAbsent()
  @IsId()
  subjectAgentId?: string;
}
