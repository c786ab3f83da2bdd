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
