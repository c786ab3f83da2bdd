import { applyDecorators } from '@nestjs/common';
import { IsNumber, IsString, Length, Max, Min } from 'class-validator';

/** Free text without a length of its own in http-api.md (reason, note, notes, comment, ...). */
export const FREE_TEXT_MAX = 2000;

/**
 * The largest amount or value a body may carry: far above any real payment, and low enough
 * that sums of many stay exact integers of cents in a double.
 */
export const AMOUNT_MAX = 1_000_000_000_000;

/** Free text of 1 to `max` characters. */
export const IsFreeText = (max = FREE_TEXT_MAX) => applyDecorators(IsString(), Length(1, max));

/** A finite amount from `min` (0 or more) to AMOUNT_MAX; `> 0` is IsPositive beside it. */
export const IsAmount = (min = 0) =>
  applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(AMOUNT_MAX));
