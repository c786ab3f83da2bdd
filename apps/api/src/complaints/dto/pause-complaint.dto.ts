import { IsIn } from 'class-validator';
import { PAUSE_REASONS, type PauseReason } from '@cl/complaints';
import { OccurredAtDto } from './occurred-at.dto';

export class PauseComplaintDto extends OccurredAtDto {
  @IsIn(PAUSE_REASONS)
  reason!: PauseReason;
}
