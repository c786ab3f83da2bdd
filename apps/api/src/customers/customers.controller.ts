import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CustomerCommand } from '@cl/customers';
import { Allow } from '../auth/allow.decorator';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { commandResponse } from '../commands/command-response';
import { ExecuteCustomerCommand } from '../commands/execute-customer-command';
import type { WriteResult } from '../commands/stream-writer';
import { IdPipe } from '../http/id';
import { RecordPurchaseDto } from './dto/record-purchase.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';

/** Customer profile and purchases (role agent). Customers need no registration. */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put(':id/profile')
  @HttpCode(200)
  @Allow('agent')
  async updateProfile(
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateProfileDto,
    @Origin() origin: RequestOrigin,
  ) {
    const { occurredAt, ...profile } = dto;
    const command: CustomerCommand = {
      type: 'updateProfile',
      ...(profile.segment !== undefined && { segment: profile.segment }),
      ...(profile.valueTier !== undefined && { valueTier: profile.valueTier }),
    };
    const result = await this.run(id, command, origin, occurredAt);
    return commandResponse({ customerId: id }, result, {});
  }

  @Post(':id/purchases')
  @Allow('agent')
  async recordPurchase(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordPurchaseDto,
    @Origin() origin: RequestOrigin,
  ) {
    const { orderId, amount, currency, occurredAt } = dto;
    const result = await this.run(
      id,
      { type: 'recordPurchase', orderId, amount, currency },
      origin,
      occurredAt,
    );
    return commandResponse({ customerId: id }, result, { orderId });
  }

  private run(
    customerId: string,
    command: CustomerCommand,
    origin: RequestOrigin,
    occurredAt: string | undefined,
  ): Promise<WriteResult<unknown, unknown & { type: string }>> {
    return this.commandBus.execute(
      new ExecuteCustomerCommand(customerId, command, commandContextFrom(origin, occurredAt)),
    );
  }
}
