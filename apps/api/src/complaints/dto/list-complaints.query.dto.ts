import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { SEVERITIES, type Severity } from '@cl/complaints';
import { IsId } from '../../http/id';

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 500;

/** GET /complaints query: filters, limit (default 50, above 500 clamped, below 1 refused), cursor. */
export class ListComplaintsQuery {
  @IsOptional()
  @IsId()
  customerId?: string;

  @IsOptional()
  @IsIn(['open', 'resolved', 'closed'])
  status?: 'open' | 'resolved' | 'closed';

  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  category?: string;

  @IsOptional()
  @IsId()
  branchId?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  slaBreached?: boolean;

  /** Resolved, the call-back due time passed, and no reached call-back since the resolution. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  callbackDue?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
