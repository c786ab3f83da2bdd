import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsInstant } from '../../http/instant';

/** GET /complaints/:id/state?asOf= | ?revision= (exactly one of them). */
export class ComplaintStateQueryDto {
  /** Business time: the events that occurred at or before it. */
  @IsOptional()
  @IsInstant()
  asOf?: string;

  /** The stream's events up to this revision (the first being 0). */
  @IsOptional()
  // Only digits become a number: '' or '1e3' stay strings and fail @IsInt.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value,
  )
  @IsInt({ message: 'revision must be a whole number >= 0' })
  @Min(0)
  revision?: number;
}
