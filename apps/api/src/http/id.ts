import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { Matches } from 'class-validator';
import { ID_PATTERN } from '@cl/domain';

export { ID_PATTERN };
const ID_RULE = 'must be 1-64 characters of A-Z a-z 0-9 _ . -';

/** An id field of a body (docs/domain.md, Ids). */
export const IsId = () => Matches(ID_PATTERN, { message: (args) => `${args.property} ${ID_RULE}` });

/** An id in the path: `@Param('id', IdPipe)`. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw new BadRequestException([`id ${ID_RULE}`]);
    return value;
  }
}
