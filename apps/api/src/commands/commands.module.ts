import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExecuteComplaintCommandHandler } from './execute-complaint-command';
import { ExecuteCustomerCommandHandler } from './execute-customer-command';
import { StreamWriter } from './stream-writer';

/** The command side: the CommandBus and its handlers, writing through StreamWriter. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [StreamWriter, ExecuteComplaintCommandHandler, ExecuteCustomerCommandHandler],
  exports: [CqrsModule, StreamWriter],
})
export class CommandsModule {}
