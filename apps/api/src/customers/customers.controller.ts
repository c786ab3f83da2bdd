import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { publishEvents } from '@cl/audit';
import { customerStreamId, type CustomerCommand } from '@cl/customers';
import { DomainError } from '@cl/domain';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { DataKeyStore, PersonalDataCipher } from '@cl/personal-data';
import { DATA_KEYS, PERSONAL_DATA } from '@cl/personal-data/nest';
import { CustomerRiskQuery } from '@cl/read-models';
import { Allow } from '../auth/allow.decorator';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { commandResponse } from '../commands/command-response';
import { ExecuteCustomerCommand } from '../commands/execute-customer-command';
import { eraseCustomerData, type CustomerWriteResult } from '@cl/commands';
import { IdPipe } from '../http/id';
import { toInstant } from '../http/instant';
import { RecordPurchaseDto } from './dto/record-purchase.dto';
import { RiskQueryDto } from './dto/risk.query.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { EraseDataDto } from './dto/erase-data.dto';
import { ApiCommand, ApiEndpoint } from '../openapi/api-endpoint.decorator';
import {
  CustomerCommandResult,
  CustomerErasureResult,
  PurchaseRecordedResult,
} from './dto/customer-command.response';
import { CustomerRisk } from './dto/risk-entry.response';
import { CustomerHistory } from './dto/customer-history.response';

/**
 * Customer profile and purchases (role agent), the customer's risk, and the erasure of their
 * personal data (admin). Customers need no registration.
 */
@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly risks: CustomerRiskQuery,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCipher,
    @Inject(DATA_KEYS) private readonly keys: DataKeyStore,
  ) {}

  @Put(':id/profile')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Set a customer’s segment and value tier', type: CustomerCommandResult })
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
  @ApiCommand({ summary: 'Record a purchase', status: 201, type: PurchaseRecordedResult })
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

  /**
   * Erases the customer's personal data (docs/privacy.md): deletes their data keys first, then
   * records CustomerDataErased. 202 when it was recorded (also for a customer the log does not
   * name: a record of the request, and for the retry of an erasure that stopped after deleting
   * the keys: pending in the key store), 200 when the customer was erased before, has had no
   * key since and no erasure is pending (nothing changed).
   */
  @Post(':id/erasure')
  @Allow()
  @ApiCommand({
    summary: 'Erase a customer’s personal data (their keys, then CustomerDataErased)',
    description:
      '202: the keys are deleted and CustomerDataErased recorded. 200: erased before, no key since; nothing changed. 503 when the deleted keys could not yet be flushed from the key store: retry.',
    status: 202,
    type: CustomerErasureResult,
  })
  @ApiResponse({ status: 200, description: 'Already erased: nothing changed', type: CustomerErasureResult })
  async erase(
    @Param('id', IdPipe) id: string,
    @Body() dto: EraseDataDto,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { result, erasedKeys } = await eraseCustomerData(this.keys, id, dto.reason, (command) =>
      this.run(id, command, origin, undefined),
    );
    if (result.events.length === 0) {
      // Nothing appended: the position of the stream's last event (the erasure recorded before).
      const [last] = await this.store.readStream(customerStreamId(id), {
        direction: 'backwards',
        maxCount: 1,
      });
      void reply.status(200);
      return commandResponse(
        { customerId: id },
        { ...result, position: last?.position ?? 0n },
        { erasedKeys },
      );
    }
    void reply.status(202);
    return commandResponse({ customerId: id }, result, { erasedKeys });
  }

  @Get(':id/risk')
  @Allow('agent', 'analyst')
  @ApiEndpoint({
    summary: 'A customer’s early-warning score at asOf',
    type: CustomerRisk,
    errors: [400, 404],
  })
  async risk(@Param('id', IdPipe) id: string, @Query() query: RiskQueryDto) {
    const asOf = query.asOf === undefined ? new Date().toISOString() : toInstant(query.asOf)!;
    const assessment = await this.risks.assess(id, Date.parse(asOf));
    if (!assessment) throw new DomainError('not_found', `No event names customer ${id}`);
    return { asOf, ...assessment };
  }

  /**
   * The customer stream's events from the store (read-your-writes) and the complaints filed
   * for the customer from the customer-risk read model (eventually consistent; one customer's
   * keys, so the cost does not grow with the store). Personal fields (the segment) are shown
   * opened: in clear, or "[erased]".
   */
  @Get(':id/history')
  @Allow('agent', 'analyst', 'auditor')
  @ApiEndpoint({
    summary: 'A customer’s own events and the complaints filed for them',
    type: CustomerHistory,
    errors: [400, 404],
  })
  async history(@Param('id', IdPipe) id: string): Promise<CustomerHistory> {
    const [events, complaints] = await Promise.all([
      this.store.readStream(customerStreamId(id)),
      this.risks.filedComplaints(id),
    ]);
    if (events.length === 0 && complaints === undefined) {
      throw new DomainError('not_found', `No event names customer ${id}`);
    }
    return {
      customerId: id,
      events: await publishEvents(events, this.personalData),
      complaints: complaints ?? [],
    };
  }

  private run(
    customerId: string,
    command: CustomerCommand,
    origin: RequestOrigin,
    occurredAt: string | undefined,
  ): Promise<CustomerWriteResult> {
    return this.commandBus.execute(
      new ExecuteCustomerCommand(customerId, command, commandContextFrom(origin, occurredAt)),
    );
  }
}
