import { registerDecorator, type ValidationOptions } from 'class-validator';
import { toInstant } from '@cl/domain';

// One parser of client date-times, in libs/domain (the importer uses it too).
export { toInstant };

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an ISO-8601 date-time with Z or an offset, e.g. 2026-03-01T09:30:00Z`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toInstant(value) !== undefined,
      },
    });
}

/** The instants of a comma-separated list, or undefined when one is not an instant or the count is outside [1, max]. */
export function toInstantList(value: unknown, max: number): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const instants = value.split(',').map((text) => toInstant(text.trim()));
  if (instants.length < 1 || instants.length > max || instants.some((instant) => instant === undefined))
    return undefined;
  return instants as string[];
}

/** 1 to `max` instants separated by commas. */
export function IsInstantList(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstantList',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be 1 to ${max} ISO-8601 date-times with Z or an offset, separated by commas, e.g. 2026-01-01T00:00:00Z,2026-04-01T00:00:00Z`,
        ...options,
      },
      validator: { validate: (value: unknown) => toInstantList(value, max) !== undefined },
    });
}
