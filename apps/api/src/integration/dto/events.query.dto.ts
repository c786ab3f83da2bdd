import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { IsPosition } from './position';

/** The filters the feed and the live stream share. */
export class EventFilterQuery {
  /** Event type names, comma-separated (`ComplaintFiled,ComplaintResolved`). */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @Matches(/^[^,\s]{1,200}(,[^,\s]{1,200})*$/, {
    message: 'types must be event type names separated by commas',
  })
  types?: string;

  /** Only streams whose id starts with this (`complaint-`, `customer-C-1`). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  streamPrefix?: string;
}

/** GET /events?after&limit&types&streamPrefix */
export class EventsQuery extends EventFilterQuery {
  /** Events with a position greater than this (a decimal string); default: from the first event. */
  @IsOptional()
  @IsPosition()
  after?: string;

  /** Default 100; above 1000 clamped; below 1 refused. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;
}

/** GET /events/stream?after&types&streamPrefix */
export class EventStreamQuery extends EventFilterQuery {
  /** Events with a position greater than this; `Last-Event-ID` wins when both are given. */
  @IsOptional()
  @IsPosition()
  after?: string;
}
