import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import type { ComplaintCommand } from '@cl/complaints';
import { EVENT_STORE, type EventStore } from '@cl/event-store';
import {
  StreamWriter,
  writeComplaintCommand,
  type CommandContext,
  type ComplaintWriteResult,
} from '@cl/commands';

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
  constructor(
    private readonly writer: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ complaintId, command, context }: ExecuteComplaintCommand): Promise<ComplaintWriteResult> {
    const levels = { slaHours: this.config.slaHours, callbackDueHours: this.config.callbackDueHours };
    return writeComplaintCommand(this.writer, this.store, levels, complaintId, command, context);
  }
}
