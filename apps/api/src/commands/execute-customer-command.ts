import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  customerStreamId,
  decideCustomer,
  evolveCustomer,
  initialCustomerState,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
} from '@cl/customers';
import { StreamWriter, type CommandContext, type WriteResult } from '@cl/commands';

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

  execute({
    customerId,
    command,
    context,
  }: ExecuteCustomerCommand): Promise<WriteResult<CustomerState, CustomerEvent>> {
    return this.writer.write<CustomerState, CustomerEvent>({
      commandType: command.type,
      streamId: customerStreamId(customerId),
      initial: initialCustomerState,
      evolve: evolveCustomer,
      decide: (state) => decideCustomer(command, state),
      context,
    });
  }
}
