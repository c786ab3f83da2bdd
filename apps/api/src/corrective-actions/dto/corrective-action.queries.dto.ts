import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CORRECTIVE_ACTION_LIST_STATUSES, type CorrectiveActionListStatus } from '@cl/read-models';
import { IsInstant } from '../../http/instant';

/** GET /corrective-actions?status */
export class ListCorrectiveActionsQuery {
  /** Absent: every action. overdue: open and past its dueAt. */
  @IsOptional()
  @IsIn(CORRECTIVE_ACTION_LIST_STATUSES)
  status?: CorrectiveActionListStatus;
}

export const EFFECT_WINDOW_DAYS_DEFAULT = 90;
export const EFFECT_WINDOW_DAYS_MAX = 366;

/** GET /analytics/corrective-actions?asOf&windowDays */
export class CorrectiveActionEffectsQuery {
  /** Default: now. */
  @IsOptional()
  @IsInstant()
  asOf?: string;

  /** 1-366, default 90. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(EFFECT_WINDOW_DAYS_MAX)
  windowDays?: number;
}
