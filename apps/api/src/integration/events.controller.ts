import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { toPublishedEvent } from '@cl/audit';
import { EVENT_STORE, type EventStore } from '@cl/event-store';
import { FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX, readFeedPage } from '@cl/integration';
import { Allow } from '../auth/allow.decorator';
import { EventsQuery } from './dto/events.query';

/** The position-paged feed of published events, for other services (http-api.md, Integration). */
@ApiTags('integration')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Allow('integrator')
  async feed(@Query() query: EventsQuery) {
    const page = await readFeedPage(this.store, {
      after: BigInt(query.after ?? '0'),
      limit: Math.min(query.limit ?? FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX),
      selection: { types: query.types?.split(','), streamPrefix: query.streamPrefix },
    });
    return { events: page.events.map(toPublishedEvent), next: page.next.toString() };
  }
}
