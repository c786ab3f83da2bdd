import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { LiveStreams } from './live-streams';

/** What other services read: the event feed and the live stream. */
@Module({ controllers: [EventsController], providers: [LiveStreams], exports: [LiveStreams] })
export class IntegrationModule {}
