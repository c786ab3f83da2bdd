import { ApiProperty } from '@nestjs/swagger';

/** The answers of the customer commands (docs/http-api.md, Commands). */

export class CustomerCommandResult {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the stream’s new revision (also in ETag)' })
  revision!: number;
  @ApiProperty({ description: 'global position of the last appended event, a decimal string', example: '42' })
  position!: string;
}

export class PurchaseRecordedResult extends CustomerCommandResult {
  @ApiProperty() orderId!: string;
}

/** POST /customers/:id/erasure: 202 when CustomerDataErased was recorded, 200 when nothing changed. */
export class CustomerErasureResult extends CustomerCommandResult {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'how many of the customer’s data keys this request deleted (0: none was left)',
  })
  erasedKeys!: number;
}
