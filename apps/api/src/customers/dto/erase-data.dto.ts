import { IsString, Length } from 'class-validator';
import { FREE_TEXT_MAX } from '../../http/field-rules';

/** POST /customers/:id/erasure */
export class EraseDataDto {
  /** Why the customer's personal data is erased (a request's reference, a retention rule); never personal data itself. */
  @IsString()
  @Length(1, FREE_TEXT_MAX)
  reason!: string;
}
