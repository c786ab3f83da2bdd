import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { idempotentId } from '@cl/commands';
import type { CorrectiveActionCommand } from '@cl/corrective-actions';
import { CorrectiveActionsQuery } from '@cl/read-models';
import { Allow } from '../auth/allow.decorator';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { appendedData, commandResponse } from '../commands/command-response';
import {
  ExecuteCorrectiveActionCommand,
  type CorrectiveActionWriteResult,
} from '../commands/execute-corrective-action-command';
import { ID_PATTERN, IdPipe } from '../http/id';
import { toInstant } from '../http/instant';
import { ApiCommand, ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { CompleteCorrectiveActionDto } from './dto/complete-corrective-action.dto';
import { ListCorrectiveActionsQuery } from './dto/corrective-action.queries.dto';
import {
  CorrectiveActionCommandResult,
  CorrectiveActionCompletedResult,
  CorrectiveActionList,
} from './dto/corrective-action.response';
import { OpenCorrectiveActionDto } from './dto/open-corrective-action.dto';

/** Corrective actions (docs/domain.md): opened and completed by agents, listed for agents and analysts. */
@ApiTags('corrective-actions')
@Controller('corrective-actions')
export class CorrectiveActionsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly query: CorrectiveActionsQuery,
  ) {}

  @Post()
  @Allow('agent')
  @ApiCommand({
    summary: 'Open a corrective action against a problem key (category, product, branch or cause)',
    status: 201,
    type: CorrectiveActionCommandResult,
  })
  async open(@Body() dto: OpenCorrectiveActionDto, @Origin() origin: RequestOrigin) {
    const { occurredAt, actionId = newActionId(origin), target, description, owner, dueAt } = dto;
    if (target.by !== 'category' && !ID_PATTERN.test(target.value)) {
      throw new BadRequestException([
        `target.value must be 1-64 characters of A-Z a-z 0-9 _ . - for by=${target.by}`,
      ]);
    }
    const result = await this.run(
      actionId,
      {
        type: 'openCorrectiveAction',
        actionId,
        target: { by: target.by, value: target.value },
        description,
        owner,
        dueAt: toInstant(dueAt)!,
      },
      origin,
      occurredAt,
    );
    return commandResponse({ actionId }, result, {});
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({
    summary: 'Complete a corrective action (once: 409 when already completed)',
    type: CorrectiveActionCompletedResult,
  })
  async complete(
    @Param('id', IdPipe) id: string,
    @Body() dto: CompleteCorrectiveActionDto,
    @Origin() origin: RequestOrigin,
  ) {
    const command: CorrectiveActionCommand =
      dto.note === undefined
        ? { type: 'completeCorrectiveAction' }
        : { type: 'completeCorrectiveAction', note: dto.note };
    const result = await this.run(id, command, origin, dto.occurredAt);
    const completedAt = appendedData(result.events, 'CorrectiveActionCompleted')?.completedAt;
    return commandResponse({ actionId: id }, result, { completedAt });
  }

  @Get()
  @Allow('agent', 'analyst')
  @ApiEndpoint({
    summary: 'Corrective actions: all, open, completed or overdue (open past their dueAt)',
    type: CorrectiveActionList,
    errors: [400],
  })
  async list(@Query() query: ListCorrectiveActionsQuery): Promise<CorrectiveActionList> {
    return { items: await this.query.list(query.status) };
  }

  private run(
    actionId: string,
    command: CorrectiveActionCommand,
    origin: RequestOrigin,
    occurredAt: string | undefined,
  ): Promise<CorrectiveActionWriteResult> {
    return this.commandBus.execute(
      new ExecuteCorrectiveActionCommand(actionId, command, commandContextFrom(origin, occurredAt)),
    );
  }
}

/** A new action's id; for a keyed request, the same for every retry (see idempotentId). */
function newActionId({ idempotency }: RequestOrigin): string {
  return idempotency ? idempotentId(idempotency.scope, 'actionId') : randomUUID();
}
