import { BadRequestException } from '@nestjs/common';
import { ValidateBy } from 'class-validator';

/** The highest position a client may name: positions are 64-bit (SQLite rowids, ESDB's u64 fit under it). */
const MAX_POSITION = 2n ** 63n - 1n;
const POSITION_PATTERN = /^(0|[1-9][0-9]{0,18})$/;
const POSITION_RULE = 'must be a position: a whole number from 0 to 9223372036854775807, in decimal';

/** A global position as clients send it: a decimal string (positions may exceed 2^53). */
export function isPosition(value: unknown): value is string {
  return typeof value === 'string' && POSITION_PATTERN.test(value) && BigInt(value) <= MAX_POSITION;
}

export const IsPosition = () =>
  ValidateBy({
    name: 'isPosition',
    validator: {
      validate: isPosition,
      defaultMessage: (args) => `${args?.property} ${POSITION_RULE}`,
    },
  });

/** A position from a header or a query (undefined stays undefined); 400 when malformed. */
export function parsePosition(field: string, value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!isPosition(value)) throw new BadRequestException([`${field} ${POSITION_RULE}`]);
  return BigInt(value);
}
