import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { EventsController } from './events.controller';
import { LiveStreams } from './live-streams';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

/**
 * What other services read: the event feed, the live stream and webhook subscriptions
 * (their delivery is WebhooksModule's, in libs/integration).
 */
@Module({
  imports: [CommandsModule],
  controllers: [EventsController, SubscriptionsController],
  providers: [LiveStreams, SubscriptionsService],
  exports: [LiveStreams],
})
export class IntegrationModule {}
