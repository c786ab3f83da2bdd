import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { StreamWriter } from '@cl/commands';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
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
      inject: [EVENT_STORE, Metrics, PERSONAL_DATA],
      useFactory: (store: EventStore, metrics: Metrics, personalData: PersonalDataCipher) =>
        new StreamWriter(store, {
          observer: {
            commandEnded: (type, outcome, seconds) =>
              metrics.commandDuration.observe({ type, outcome }, seconds),
            eventAppended: (type) => metrics.eventsAppended.inc({ type }),
          },
          personalData,
        }),
    },
    ExecuteComplaintCommandHandler,
    ExecuteCustomerCommandHandler,
    ExecuteCorrectiveActionCommandHandler,
  ],
  exports: [CqrsModule, StreamWriter],
})
export class CommandsModule {}
