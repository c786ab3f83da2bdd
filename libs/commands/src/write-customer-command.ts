import {
  customerDecider,
  customerStreamId,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
} from '@cl/customers';
import type { CommandContext } from './command-context';
import type { StreamWriter, WriteResult } from './stream-writer';

export type CustomerWriteResult = WriteResult<CustomerState, CustomerEvent>;

/** A command on one customer, as every writer runs it (the HTTP API's command handler, the importer). */
export function writeCustomerCommand(
  writer: StreamWriter,
  customerId: string,
  command: CustomerCommand,
  context: CommandContext,
): Promise<CustomerWriteResult> {
  return writer.write({
    decider: customerDecider,
    command,
    streamId: customerStreamId(customerId),
    context,
    dataSubject: () => customerId,
  });
}
