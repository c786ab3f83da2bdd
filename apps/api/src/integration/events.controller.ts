import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { publishEvents } from '@cl/audit';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX, readFeedPage } from '@cl/integration';
import { Allow } from '../auth/allow.decorator';
import { Origin, type RequestOrigin } from '../auth/request-origin.decorator';
import { EventsQuery, EventStreamQuery } from './dto/events.query.dto';
import { EventPage } from './dto/integration-responses';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ErrorBody } from '../openapi/error-body.response';
import { parsePosition } from './dto/position';
import { LiveStreams } from './live-streams';

/** The published events for other services (docs/http-api.md, Integration): the paged feed and the live stream. */
@ApiTags('integration')
@Controller('events')
export class EventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly liveStreams: LiveStreams,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCipher,
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
    // One opening for the page: its events' keys are read together.
    return { events: await publishEvents(page.events, this.personalData), next: page.next.toString() };
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
  @ApiResponse({
    status: 429,
    description:
      'This token has SSE_MAX_STREAMS live streams open already (over all API processes): nothing is streamed; close one first',
    type: ErrorBody,
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this position' })
  async stream(
    @Query() query: EventStreamQuery,
    @Headers('last-event-id') lastEventId: string | string[] | undefined,
    @Origin() origin: RequestOrigin,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (Array.isArray(lastEventId)) lastEventId = lastEventId.join(',');
    const after = parsePosition('Last-Event-ID', lastEventId) ?? BigInt(query.after ?? '0');
    // 429 before anything is streamed when the actor has SSE_MAX_STREAMS open.
    const slot = await this.liveStreams.claimSlot(origin.actor.id);
    // The socket is written to directly (backpressure needs its write buffer): Fastify steps aside.
    reply.hijack();
    this.liveStreams.start(
      reply.raw,
      after,
      {
        types: query.types?.split(','),
        streamPrefix: query.streamPrefix,
      },
      slot,
    );
  }
}
