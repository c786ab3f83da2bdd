import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** A command body must be a JSON object; no body at all counts as `{}`. */
@Injectable()
export class ObjectBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (value === undefined || value === null) return value === null ? reject() : {};
    if (typeof value !== 'object' || Array.isArray(value)) reject();
    return value;
  }
}

function reject(): never {
  throw new BadRequestException(['The body must be a JSON object']);
}
