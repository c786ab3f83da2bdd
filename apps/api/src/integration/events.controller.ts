import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { toPublishedEvent } from '@cl/audit';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX, readFeedPage } from '@cl/integration';
import { Allow } from '../auth/allow.decorator';
import { EventsQuery, EventStreamQuery } from './dto/events.query.dto';
import { EventPage } from './dto/integration-responses';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { parsePosition } from './dto/position';
import { LiveStreams } from './live-streams';

/** The published events for other services (http-api.md, Integration): the paged feed and the live stream. */
@ApiTags('integration')
@Controller('events')
export class EventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly liveStreams: LiveStreams,
  ) {}

  @Get()
  @Allow('integrator')
  @ApiEndpoint({ summary: 'A page of published events after a position', type: EventPage, errors: [400] })
  async feed(@Query() query: EventsQuery) {
    const page = await readFeedPage(this.store, {
      after: BigInt(query.after ?? '0'),
      limit: Math.min(query.limit ?? FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX),
      selection: { types: query.types?.split(','), streamPrefix: query.streamPrefix },
    });
    return { events: page.events.map(toPublishedEvent), next: page.next.toString() };
  }

  /** Server-Sent Events: catch-up from `after` (or Last-Event-ID), then live; `id:` = position. */
  @Get('stream')
  @Allow('integrator')
  @ApiOperation({ summary: 'Published events as Server-Sent Events, catch-up then live' })
  @ApiResponse({
    status: 200,
    description:
      '`id:` = position, `data:` = one event in the PublishedEvent shape; `:` comments keep it alive',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrors(400)
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this position' })
  stream(
    @Query() query: EventStreamQuery,
    @Headers('last-event-id') lastEventId: string | string[] | undefined,
    @Res() reply: FastifyReply,
  ): void {
    if (Array.isArray(lastEventId)) lastEventId = lastEventId.join(',');
    const after = parsePosition('Last-Event-ID', lastEventId) ?? BigInt(query.after ?? '0');
    // The socket is written to directly (backpressure needs its write buffer): Fastify steps aside.
    reply.hijack();
    this.liveStreams.start(reply.raw, after, {
      types: query.types?.split(','),
      streamPrefix: query.streamPrefix,
    });
  }
}
