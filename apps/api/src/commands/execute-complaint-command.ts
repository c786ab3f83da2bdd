import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { complaintDecider, type ComplaintCommand, type ComplaintDecider } from '@cl/complaints';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import {
  StreamWriter,
  writeComplaintCommand,
  type CommandContext,
  type ComplaintWriteResult,
} from '@cl/commands';
import { serviceLevelsOf } from './service-levels-of';

export type { ComplaintWriteResult };

/** A command on one complaint, as dispatched on the CommandBus. */
export class ExecuteComplaintCommand {
  constructor(
    readonly complaintId: string,
    readonly command: ComplaintCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteComplaintCommand)
export class ExecuteComplaintCommandHandler implements ICommandHandler<ExecuteComplaintCommand> {
  /** The slice's decider under SLA_HOURS, CALLBACK_DUE_HOURS and the SLA_POLICY_FILE policy with its calendar (built once). */
  private readonly decider: ComplaintDecider;

  constructor(
    private readonly writer: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.decider = complaintDecider(serviceLevelsOf(config));
  }

  execute({ complaintId, command, context }: ExecuteComplaintCommand): Promise<ComplaintWriteResult> {
    return writeComplaintCommand(this.writer, this.store, this.decider, complaintId, command, context);
  }
}
