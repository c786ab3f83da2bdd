import { IsBoolean, IsString, Length, registerDecorator } from 'class-validator';
import { ATTITUDES, type Attitude } from '@cl/complaints';
import { FREE_TEXT_MAX, MayBeAbsent } from '../../http/field-rules';
import { IsId } from '../../http/id';
import { OccurredAtDto } from './occurred-at.dto';

/** attitude is required when the call reached the customer, and absent when it did not. */
function AttitudeFollowsReached(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'attitudeFollowsReached',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as RecordCallbackDto).reached === true
            ? ATTITUDES.includes(value as Attitude)
            : value === undefined,
        defaultMessage: (args) =>
          (args?.object as RecordCallbackDto).reached === true
            ? `attitude must be one of ${ATTITUDES.join(', ')} when reached is true`
            : 'attitude is only recorded when reached is true',
      },
    });
}

export class RecordCallbackDto extends OccurredAtDto {
  @IsBoolean()
  reached!: boolean;

  /** Required when reached is true. */
  @AttitudeFollowsReached()
  attitude?: Attitude;

  @MayBeAbsent()
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  notes?: string;

  @MayBeAbsent()
  @IsId()
  agentId?: string;
}
