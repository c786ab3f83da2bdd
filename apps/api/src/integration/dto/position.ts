import { BadRequestException } from '@nestjs/common';
import { Matches } from 'class-validator';

/** A global position as clients send it: a decimal string (positions may exceed 2^53). */
export const POSITION_PATTERN = /^(0|[1-9][0-9]{0,19})$/;
const POSITION_RULE = 'must be a position: a whole number >= 0 written in decimal';

export const IsPosition = () =>
  Matches(POSITION_PATTERN, { message: (args) => `${args.property} ${POSITION_RULE}` });

/** A position from a header or a query (undefined stays undefined); 400 when malformed. */
export function parsePosition(field: string, value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!POSITION_PATTERN.test(value)) throw new BadRequestException([`${field} ${POSITION_RULE}`]);
  return BigInt(value);
}
