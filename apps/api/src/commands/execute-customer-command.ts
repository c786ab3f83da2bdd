import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CustomerCommand } from '@cl/customers';
import {
  StreamWriter,
  writeCustomerCommand,
  type CommandContext,
  type CustomerWriteResult,
} from '@cl/commands';

/** A command on one customer, as dispatched on the CommandBus. */
export class ExecuteCustomerCommand {
  constructor(
    readonly customerId: string,
    readonly command: CustomerCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteCustomerCommand)
export class ExecuteCustomerCommandHandler implements ICommandHandler<ExecuteCustomerCommand> {
  constructor(private readonly writer: StreamWriter) {}

  execute({ customerId, command, context }: ExecuteCustomerCommand): Promise<CustomerWriteResult> {
    return writeCustomerCommand(this.writer, customerId, command, context);
  }
}
