import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';

/** What other services read: the event feed and the live stream. */
@Module({ controllers: [EventsController] })
export class IntegrationModule {}
