import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { COMPLAINT_LIST_SCAN_BUDGET, ComplaintListQuery, InvalidCursorError } from '@cl/read-models';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { ComplaintCommand } from '@cl/complaints';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { Allow } from '../auth/allow.decorator';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { commandContextFrom } from '../commands/command-context.factory';
import { appendedData, commandResponse } from '../commands/command-response';
import { idempotentId } from '@cl/commands';
import { ExecuteComplaintCommand, type ComplaintWriteResult } from '../commands/execute-complaint-command';
import { IdPipe } from '../http/id';
import { ComplaintReader } from './complaint-reader';
import { AcknowledgeComplaintDto } from './dto/acknowledge-complaint.dto';
import { AssignComplaintDto } from './dto/assign-complaint.dto';
import { ExtendDeadlineDto } from './dto/extend-deadline.dto';
import { PauseComplaintDto } from './dto/pause-complaint.dto';
import { ResumeComplaintDto } from './dto/resume-complaint.dto';
import { CloseComplaintDto } from './dto/close-complaint.dto';
import { EscalateComplaintDto } from './dto/escalate-complaint.dto';
import { FileComplaintDto } from './dto/file-complaint.dto';
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, ListComplaintsQuery } from './dto/list-complaints.query.dto';
import { RecordCallbackDto } from './dto/record-callback.dto';
import { RecordSatisfactionDto } from './dto/record-satisfaction.dto';
import { RecordRootCauseDto } from './dto/record-root-cause.dto';
import { ReopenComplaintDto } from './dto/reopen-complaint.dto';
import { ResolveComplaintDto } from './dto/resolve-complaint.dto';
import { ApiCommand, ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { Complaint, ComplaintPage } from './dto/complaint.response';
import {
  ComplaintAcknowledgedResult,
  ComplaintCommandResult,
  ComplaintEscalatedResult,
  ComplaintPausedResult,
  ComplaintResumedResult,
  DeadlineExtendedResult,
  ComplaintFeedbackResult,
  ComplaintFiledResult,
  ComplaintReopenedResult,
  ComplaintResolvedResult,
} from './dto/complaint-command.response';

/** The complaint commands (role agent) and the complaint itself. */
@ApiTags('complaints')
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly reader: ComplaintReader,
    private readonly listQuery: ComplaintListQuery,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCipher,
  ) {}

  @Post()
  @Allow('agent')
  @ApiCommand({ summary: 'File a complaint', status: 201, type: ComplaintFiledResult })
  async file(@Body() dto: FileComplaintDto, @Origin() origin: RequestOrigin) {
    const { occurredAt, complaintId = newComplaintId(origin), ...fields } = dto;
    const result = await this.run(complaintId, { type: 'file', complaintId, ...fields }, origin, occurredAt);
    const filed = result.state.exists ? result.state.resolutionDueAt : undefined;
    return commandResponse({ complaintId }, result, { resolutionDueAt: filed });
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Assign a complaint to an agent', type: ComplaintCommandResult })
  async assign(
    @Param('id', IdPipe) id: string,
    @Body() dto: AssignComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'assign', agentId: dto.agentId }, origin, dto.occurredAt);
    return commandResponse({ complaintId: id }, result, {});
  }

  @Post(':id/escalation')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Escalate a complaint one level', type: ComplaintEscalatedResult })
  async escalate(
    @Param('id', IdPipe) id: string,
    @Body() dto: EscalateComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'escalate', note: dto.note }, origin, dto.occurredAt);
    return commandResponse({ complaintId: id }, result, { level: escalationLevel(result) });
  }

  @Post(':id/resolution')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Resolve a complaint', type: ComplaintResolvedResult })
  async resolve(
    @Param('id', IdPipe) id: string,
    @Body() dto: ResolveComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const { occurredAt, compensation, goodwill, ...fields } = dto;
    const result = await this.run(
      id,
      {
        type: 'resolve',
        ...fields,
        ...(compensation && { compensation: { ...compensation } }),
        ...(goodwill && { goodwill: { ...goodwill } }),
        resolvedBy: origin.actor.id,
      },
      origin,
      occurredAt,
    );
    const callbackDueAt = result.state.exists ? result.state.callback.dueAt : undefined;
    return commandResponse({ complaintId: id }, result, { callbackDueAt });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Reopen a resolved complaint', type: ComplaintReopenedResult })
  async reopen(
    @Param('id', IdPipe) id: string,
    @Body() dto: ReopenComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'reopen', reason: dto.reason }, origin, dto.occurredAt);
    const resolutionDueAt = result.state.exists ? result.state.resolutionDueAt : undefined;
    return commandResponse({ complaintId: id }, result, { resolutionDueAt });
  }

  @Post(':id/callbacks')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Record a call-back to the customer', type: ComplaintFeedbackResult })
  async recordCallback(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordCallbackDto,
    @Origin() origin: RequestOrigin,
  ) {
    const { occurredAt, ...fields } = dto;
    const result = await this.run(id, { type: 'recordCallback', ...fields }, origin, occurredAt);
    return commandResponse({ complaintId: id }, result, { escalated: escalated(result) });
  }

  @Post(':id/satisfaction')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Record a satisfaction survey answer', type: ComplaintFeedbackResult })
  async recordSatisfaction(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordSatisfactionDto,
    @Origin() origin: RequestOrigin,
  ) {
    const { occurredAt, respondent, ...fields } = dto;
    const result = await this.run(
      id,
      { type: 'recordSatisfaction', respondent: { ...respondent }, ...fields },
      origin,
      occurredAt,
    );
    return commandResponse({ complaintId: id }, result, { escalated: escalated(result) });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({ summary: 'Close a complaint', type: ComplaintCommandResult })
  async close(
    @Param('id', IdPipe) id: string,
    @Body() dto: CloseComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'close', reason: dto.reason }, origin, dto.occurredAt);
    return commandResponse({ complaintId: id }, result, {});
  }

  @Post(':id/acknowledgement')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({
    summary: 'Acknowledge a complaint to the customer (meets the acknowledge target)',
    type: ComplaintAcknowledgedResult,
  })
  async acknowledge(
    @Param('id', IdPipe) id: string,
    @Body() dto: AcknowledgeComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'acknowledge', channel: dto.channel }, origin, dto.occurredAt);
    const acknowledgedAt = result.state.exists ? result.state.acknowledgedAt : undefined;
    return commandResponse({ complaintId: id }, result, { acknowledgedAt });
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({
    summary: 'Pause a pausable resolve target while waiting on the customer or a third party',
    type: ComplaintPausedResult,
  })
  async pause(
    @Param('id', IdPipe) id: string,
    @Body() dto: PauseComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'pause', reason: dto.reason }, origin, dto.occurredAt);
    const resolveLeftMs = appendedData(result.events, 'ComplaintPaused')?.resolveLeftMs;
    return commandResponse({ complaintId: id }, result, { resolveLeftMs });
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({
    summary: 'End a pause: the resolve target counts again what it had left',
    type: ComplaintResumedResult,
  })
  async resume(
    @Param('id', IdPipe) id: string,
    @Body() dto: ResumeComplaintDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'resume' }, origin, dto.occurredAt);
    const resolutionDueAt = appendedData(result.events, 'ComplaintResumed')?.resolutionDueAt;
    return commandResponse({ complaintId: id }, result, { resolutionDueAt });
  }

  @Post(':id/extension')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({
    summary: 'Grant the policy’s next final-response extension (one marked approval: admin only)',
    type: DeadlineExtendedResult,
  })
  async extend(
    @Param('id', IdPipe) id: string,
    @Body() dto: ExtendDeadlineDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(id, { type: 'extend', reason: dto.reason }, origin, dto.occurredAt);
    const extended = appendedData(result.events, 'ResponseDeadlineExtended');
    return commandResponse({ complaintId: id }, result, {
      extension: extended?.extension,
      finalResponseDueAt: extended?.finalResponseDueAt,
      approvedBy: extended?.approvedBy,
    });
  }

  @Post(':id/root-cause')
  @HttpCode(200)
  @Allow('agent')
  @ApiCommand({
    summary: 'Record the root cause of a complaint (any status; the latest one counts)',
    type: ComplaintCommandResult,
  })
  async recordRootCause(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordRootCauseDto,
    @Origin() origin: RequestOrigin,
  ) {
    const result = await this.run(
      id,
      { type: 'recordRootCause', cause: dto.cause, note: dto.note },
      origin,
      dto.occurredAt,
    );
    return commandResponse({ complaintId: id }, result, {});
  }

  @Get()
  @Allow('agent', 'analyst', 'auditor')
  @ApiEndpoint({
    summary: 'List complaints, filtered, newest filing first',
    description: `One request examines at most ${COMPLAINT_LIST_SCAN_BUDGET} complaints of the filing-time index: with a rare filter a page may hold fewer than \`limit\` items, even none, while \`nextCursor\` is not null. Follow \`nextCursor\` until it is null (the index is exhausted); pages never repeat or skip a complaint.`,
    type: ComplaintPage,
    errors: [400],
  })
  async list(@Query() query: ListComplaintsQuery) {
    const { limit = LIST_LIMIT_DEFAULT, cursor, ...filter } = query;
    try {
      const page = await this.listQuery.list(
        filter,
        Math.min(limit, LIST_LIMIT_MAX),
        cursor,
        this.reader.calendarCoverage(),
      );
      // The list keeps personal fields sealed as the events carry them (docs/privacy.md).
      return await this.personalData.openValues(page);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException([error.message]);
      throw error;
    }
  }

  @Get(':id')
  @Allow('agent', 'analyst', 'auditor')
  @ApiEndpoint({ summary: 'A complaint as it stands now', type: Complaint, errors: [400, 404] })
  get(@Param('id', IdPipe) id: string) {
    return this.reader.view(id);
  }

  private run(
    complaintId: string,
    command: ComplaintCommand,
    origin: RequestOrigin,
    occurredAt: string | undefined,
  ): Promise<ComplaintWriteResult> {
    return this.commandBus.execute(
      new ExecuteComplaintCommand(
        complaintId,
        withoutUndefined(command),
        commandContextFrom(origin, occurredAt),
      ),
    );
  }
}

/** A new complaint's id; for a keyed request, the same for every retry (see idempotentId). */
function newComplaintId({ idempotency }: RequestOrigin): string {
  return idempotency ? idempotentId(idempotency.scope, 'complaintId') : randomUUID();
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
