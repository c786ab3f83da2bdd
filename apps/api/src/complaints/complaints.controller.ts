import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ComplaintCommand } from '@cl/complaints';
import type { Actor } from '../auth/actor';
import { Allow } from '../auth/allow.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { commandResponse } from '../commands/command-response';
import { ExecuteComplaintCommand, type ComplaintWriteResult } from '../commands/execute-complaint-command';
import { IdPipe } from '../http/id';
import { ComplaintReader } from './complaint-reader';
import { AssignComplaintDto } from './dto/assign-complaint.dto';
import { CloseComplaintDto } from './dto/close-complaint.dto';
import { EscalateComplaintDto } from './dto/escalate-complaint.dto';
import { FileComplaintDto } from './dto/file-complaint.dto';
import { RecordCallbackDto } from './dto/record-callback.dto';
import { RecordSatisfactionDto } from './dto/record-satisfaction.dto';
import { ReopenComplaintDto } from './dto/reopen-complaint.dto';
import { ResolveComplaintDto } from './dto/resolve-complaint.dto';

/** The complaint commands (role agent) and the complaint itself. */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly reader: ComplaintReader,
  ) {}

  @Post()
  @Allow('agent')
  async file(
    @Body() dto: FileComplaintDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { occurredAt, complaintId = randomUUID(), ...fields } = dto;
    const result = await this.run(
      complaintId,
      { type: 'file', complaintId, ...fields },
      request,
      actor,
      occurredAt,
    );
    const filed = result.state.exists ? result.state.resolutionDueAt : undefined;
    return commandResponse(reply, { complaintId }, result, { resolutionDueAt: filed });
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @Allow('agent')
  async assign(
    @Param('id', IdPipe) id: string,
    @Body() dto: AssignComplaintDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.run(
      id,
      { type: 'assign', agentId: dto.agentId },
      request,
      actor,
      dto.occurredAt,
    );
    return commandResponse(reply, { complaintId: id }, result, {});
  }

  @Post(':id/escalation')
  @HttpCode(200)
  @Allow('agent')
  async escalate(
    @Param('id', IdPipe) id: string,
    @Body() dto: EscalateComplaintDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.run(id, { type: 'escalate', note: dto.note }, request, actor, dto.occurredAt);
    return commandResponse(reply, { complaintId: id }, result, { level: escalationLevel(result) });
  }

  @Post(':id/resolution')
  @HttpCode(200)
  @Allow('agent')
  async resolve(
    @Param('id', IdPipe) id: string,
    @Body() dto: ResolveComplaintDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { occurredAt, compensation, goodwill, ...fields } = dto;
    const result = await this.run(
      id,
      {
        type: 'resolve',
        ...fields,
        ...(compensation && { compensation: { ...compensation } }),
        ...(goodwill && { goodwill: { ...goodwill } }),
        resolvedBy: actor.id,
      },
      request,
      actor,
      occurredAt,
    );
    const callbackDueAt = result.state.exists ? result.state.callback.dueAt : undefined;
    return commandResponse(reply, { complaintId: id }, result, { callbackDueAt });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Allow('agent')
  async reopen(
    @Param('id', IdPipe) id: string,
    @Body() dto: ReopenComplaintDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.run(id, { type: 'reopen', reason: dto.reason }, request, actor, dto.occurredAt);
    const resolutionDueAt = result.state.exists ? result.state.resolutionDueAt : undefined;
    return commandResponse(reply, { complaintId: id }, result, { resolutionDueAt });
  }

  @Post(':id/callbacks')
  @HttpCode(200)
  @Allow('agent')
  async recordCallback(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordCallbackDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { occurredAt, ...fields } = dto;
    const result = await this.run(id, { type: 'recordCallback', ...fields }, request, actor, occurredAt);
    return commandResponse(reply, { complaintId: id }, result, { escalated: escalated(result) });
  }

  @Post(':id/satisfaction')
  @HttpCode(200)
  @Allow('agent')
  async recordSatisfaction(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordSatisfactionDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { occurredAt, respondent, ...fields } = dto;
    const result = await this.run(
      id,
      { type: 'recordSatisfaction', respondent: { ...respondent }, ...fields },
      request,
      actor,
      occurredAt,
    );
    return commandResponse(reply, { complaintId: id }, result, { escalated: escalated(result) });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow('agent')
  async close(
    @Param('id', IdPipe) id: string,
    @Body() dto: CloseComplaintDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.run(id, { type: 'close', reason: dto.reason }, request, actor, dto.occurredAt);
    return commandResponse(reply, { complaintId: id }, result, {});
  }

  @Get(':id')
  @Allow('agent', 'analyst', 'auditor')
  async get(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.reader.view(id);
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  private run(
    complaintId: string,
    command: ComplaintCommand,
    request: FastifyRequest,
    actor: Actor,
    occurredAt: string | undefined,
  ): Promise<ComplaintWriteResult> {
    return this.commandBus.execute(
      new ExecuteComplaintCommand(
        complaintId,
        withoutUndefined(command),
        commandContextFrom(request, actor, occurredAt),
      ),
    );
  }
}

function escalated(result: ComplaintWriteResult): boolean {
  return result.events.some((event) => event.type === 'ComplaintEscalated');
}

function escalationLevel(result: ComplaintWriteResult): number {
  return result.state.exists ? result.state.escalationLevel : 0;
}

/** Optional fields left out of a body are left out of the event too. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
