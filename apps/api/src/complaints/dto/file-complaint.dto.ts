import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CHANNELS, SEVERITIES, type Channel, type Severity } from '@cl/complaints';
import { IsId } from '../../http/id';
import { OccurredAtDto } from './occurred-at.dto';

export class FileComplaintDto extends OccurredAtDto {
  /** Generated when absent. */
  @IsOptional()
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

  @IsOptional()
  @IsId()
  branchId?: string;

  @IsOptional()
  @IsId()
  productId?: string;

  @IsOptional()
  @IsId()
  orderId?: string;

  @IsOptional()
  @IsId()
  followUpOf?: string;
}
