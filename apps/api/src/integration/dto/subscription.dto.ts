import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { MayBeAbsent } from '../../http/field-rules';
import { IsPosition } from './position';

/** POST /subscriptions */
export class CreateSubscriptionDto {
  /**
   * The endpoint: https://, or http:// for targets inside WEBHOOK_ALLOWED_NETWORKS; redirects
   * are not followed. A host that is or resolves to a non-public address (loopback, private,
   * link-local, 100.64.0.0/10, fc00::/7, multicast, unspecified, or an IPv4-mapped or NAT64
   * form of those) is refused with 400 unless every such address lies inside
   * WEBHOOK_ALLOWED_NETWORKS, and so is a host that does not resolve. Checked again at every
   * connection of a delivery (`refused_target` in the delivery log).
   */
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http or https URL' },
  )
  url!: string;

  /** Only these event types (default: all). */
  @MayBeAbsent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^[^,\s]{1,200}$/, { each: true, message: 'eventTypes must be event type names' })
  eventTypes?: string[];

  /** Only streams whose id starts with this. */
  @MayBeAbsent()
  @IsString()
  @Length(1, 200)
  streamPrefix?: string;

  /** Events with a position greater than this (default: the current head: only new events). */
  @MayBeAbsent()
  @IsPosition()
  fromPosition?: string;
}

/** POST /subscriptions/:id/replay */
export class ReplaySubscriptionDto {
  /** Every event with a position greater than this is sent again, in order. */
  @IsPosition()
  fromPosition!: string;
}

/** GET /subscriptions?limit&cursor */
export class ListSubscriptionsQuery {
  /** Default 100; above 1000 clamped. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;

  /** The `next` of the page before: subscriptions created after it. */
  @IsOptional()
  @IsPosition()
  cursor?: string;
}
