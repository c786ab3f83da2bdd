import { ApiProperty } from '@nestjs/swagger';
import { PublishedEvent } from '../../audit/dto/published-event.response';

/** GET /customers/:id/history: the customer stream's events and the complaints filed for them. */
export class CustomerHistory {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: [PublishedEvent], description: 'the customer stream’s events, in revision order' })
  events!: PublishedEvent[];
  @ApiProperty({ type: [String], description: 'the complaints filed for the customer, in filing order' })
  complaints!: string[];
}
