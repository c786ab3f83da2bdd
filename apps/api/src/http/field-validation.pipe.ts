import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** At most this many messages in one 400: enough to name every field of any real body. */
export const MAX_VALIDATION_MESSAGES = 50;

/**
 * class-validator on every body and query (unknown fields, wrong types and out-of-range
 * values are 400, naming each field), with the list of messages capped: a 64 KiB body of
 * thousands of unknown fields would otherwise get an answer over three times its size.
 */
export class FieldValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  override createExceptionFactory() {
    return (errors: ValidationError[] = []) => {
      const messages = this.flattenValidationErrors(errors);
      const extra = messages.length - MAX_VALIDATION_MESSAGES;
      return new BadRequestException(
        extra > 0 ? [...messages.slice(0, MAX_VALIDATION_MESSAGES), `and ${extra} more`] : messages,
      );
    };
  }
}
