import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CorrectiveActionCommand } from '@cl/corrective-actions';
import {
  StreamWriter,
  writeCorrectiveActionCommand,
  type CommandContext,
  type CorrectiveActionWriteResult,
} from '@cl/commands';

export type { CorrectiveActionWriteResult };

/** A command on one corrective action, as dispatched on the CommandBus. */
export class ExecuteCorrectiveActionCommand {
  constructor(
    readonly actionId: string,
    readonly command: CorrectiveActionCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteCorrectiveActionCommand)
export class ExecuteCorrectiveActionCommandHandler implements ICommandHandler<ExecuteCorrectiveActionCommand> {
  constructor(private readonly writer: StreamWriter) {}

  execute({
    actionId,
    command,
    context,
  }: ExecuteCorrectiveActionCommand): Promise<CorrectiveActionWriteResult> {
    return writeCorrectiveActionCommand(this.writer, actionId, command, context);
  }
}
