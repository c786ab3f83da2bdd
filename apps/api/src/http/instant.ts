import { registerDecorator, type ValidationOptions } from 'class-validator';

/** ISO-8601 date-time with Z or an offset; seconds optional; a date alone is refused. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Normalizes to `YYYY-MM-DDTHH:mm:ss.sssZ` in UTC, digits below the millisecond truncated. */
export function toInstant(value: string): string | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, minutes, seconds = '00', fraction = '', zone] = match;
  const millis = `${fraction}000`.slice(0, 3);
  const offset = zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${minutes}:${seconds}.${millis}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

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
