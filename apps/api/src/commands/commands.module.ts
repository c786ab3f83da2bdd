import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { StreamWriter } from '@cl/commands';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { Metrics } from '../metrics/metrics';
import { ExecuteComplaintCommandHandler } from './execute-complaint-command';
import { ExecuteCorrectiveActionCommandHandler } from './execute-corrective-action-command';
import { ExecuteCustomerCommandHandler } from './execute-customer-command';

/** The command side: the CommandBus and its handlers, writing through StreamWriter. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    {
      provide: StreamWriter,
      inject: [EVENT_STORE, Metrics],
      useFactory: (store: EventStore, metrics: Metrics) =>
        new StreamWriter(store, {
          commandEnded: (type, outcome, seconds) =>
            metrics.commandDuration.observe({ type, outcome }, seconds),
          eventAppended: (type) => metrics.eventsAppended.inc({ type }),
        }),
    },
    ExecuteComplaintCommandHandler,
    ExecuteCustomerCommandHandler,
    ExecuteCorrectiveActionCommandHandler,
  ],
  exports: [CqrsModule, StreamWriter],
})
export class CommandsModule {}
