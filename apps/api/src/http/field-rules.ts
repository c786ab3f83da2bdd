import { ValidateIf } from 'class-validator';

/** Free text without a length of its own in docs/http-api.md (reason, note, notes, comment, ...). */
export const FREE_TEXT_MAX = 2000;

/**
 * The largest amount or value a body may carry: far above any real payment, and far below
 * where a double stops holding whole cents exactly (2^53 cents, about 9 * 10^13).
 */
export const AMOUNT_MAX = 1_000_000_000_000;

/**
 * The field may be left out. Unlike class-validator's IsOptional, null is not "left out": it
 * is a value of the wrong type (400), so no null ever reaches an event in its place.
 */
export const MayBeAbsent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
