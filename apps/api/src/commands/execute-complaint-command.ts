import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import {
  complaintStreamId,
  decideComplaint,
  evolveComplaint,
  initialComplaintState,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  type ServiceLevels,
} from '@cl/complaints';
import { policyInForce } from '@cl/service-levels';
import { DomainError } from '@cl/domain';
import { EVENT_STORE, type EventStore } from '@cl/event-store';
import { StreamWriter, type CommandContext, type WriteResult } from '@cl/commands';

/** A command on one complaint, as dispatched on the CommandBus. */
export class ExecuteComplaintCommand {
  constructor(
    readonly complaintId: string,
    readonly command: ComplaintCommand,
    readonly context: CommandContext,
  ) {}
}

export type ComplaintWriteResult = WriteResult<ComplaintState, ComplaintEvent>;

@CommandHandler(ExecuteComplaintCommand)
export class ExecuteComplaintCommandHandler implements ICommandHandler<ExecuteComplaintCommand> {
  /** SLA_HOURS, CALLBACK_DUE_HOURS and the SLA_POLICY_FILE policy with its calendar (built once). */
  private readonly levels: ServiceLevels;

  constructor(
    private readonly writer: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.levels = {
      slaHours: config.slaHours,
      callbackDueHours: config.callbackDueHours,
      ...(config.slaPolicy !== undefined && { policy: policyInForce(config.slaPolicy) }),
    };
  }

  async execute({ complaintId, command, context }: ExecuteComplaintCommand): Promise<ComplaintWriteResult> {
    if (command.type === 'file' && command.followUpOf !== undefined) {
      const revision = await this.store.streamRevision(complaintStreamId(command.followUpOf));
      if (revision === -1)
        throw new DomainError('not_found', `followUpOf: complaint ${command.followUpOf} not found`);
    }
    const levels = this.levels;
    return this.writer.write<ComplaintState, ComplaintEvent>({
      commandType: command.type,
      streamId: complaintStreamId(complaintId),
      initial: initialComplaintState,
      evolve: evolveComplaint,
      decide: (state, occurredAt) => decideComplaint(command, state, occurredAt, levels),
      context,
      startsStream: command.type === 'file',
    });
  }
}
