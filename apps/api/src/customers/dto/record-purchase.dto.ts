import { IsNumber, IsPositive, Matches, Max } from 'class-validator';
import { AMOUNT_MAX } from '../../http/field-rules';
import { IsId } from '../../http/id';
import { OccurredAtDto } from '../../complaints/dto/occurred-at.dto';

export class RecordPurchaseDto extends OccurredAtDto {
  /** Recorded once per customer: the same orderId again is 409. */
  @IsId()
  orderId!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(AMOUNT_MAX)
  amount!: number;

  /** ISO 4217, e.g. EUR. */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters' })
  currency!: string;
}
