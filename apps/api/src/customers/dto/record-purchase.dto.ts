import { IsPositive, Matches } from 'class-validator';
import { IsAmount } from '../../http/field-rules';
import { IsId } from '../../http/id';
import { OccurredAtDto } from '../../complaints/dto/occurred-at.dto';

export class RecordPurchaseDto extends OccurredAtDto {
  /** Recorded once per customer: the same orderId again is 409. */
  @IsId()
  orderId!: string;

  @IsAmount()
  @IsPositive()
  amount!: number;

  /** ISO 4217, e.g. EUR. */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;
}
