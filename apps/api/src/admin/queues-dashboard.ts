import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WEBHOOKS_QUEUE_HANDLE } from '@cl/integration/nest';
import { TIMERS_QUEUE_HANDLE } from '@cl/timers/nest';
import { BearerTokens } from '../auth/bearer-tokens';
import { ConsoleSessions } from '../auth/console-sessions';

export const QUEUES_DASHBOARD_PATH = '/admin/queues';

/**
 * The BullMQ dashboard (Bull Board) at /admin/queues, for the admin token only: operators
 * see the timers' and the webhooks' jobs, failed ones with their error, and retry them. Bull Board's routes
 * are Fastify's, not Nest's, so a hook of its own checks the token or, on GET, the console's
 * session cookie (401, then 403).
 */
@Injectable()
export class QueuesDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: BearerTokens,
    private readonly sessions: ConsoleSessions,
    @Inject(TIMERS_QUEUE_HANDLE) private readonly timersQueue: Queue,
    @Inject(WEBHOOKS_QUEUE_HANDLE) private readonly webhooksQueue: Queue,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const board = new BullBoardFastifyAdapter();
    createBullBoard({
      queues: [new BullMQAdapter(this.timersQueue), new BullMQAdapter(this.webhooksQueue)],
      serverAdapter: board,
    });
    board.setBasePath(QUEUES_DASHBOARD_PATH);
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          const actor = await this.actorOf(request);
          if (!actor || actor.role !== 'admin') {
            const status = actor ? 403 : 401;
            await reply
              .status(status)
              .header('content-type', 'application/json; charset=utf-8')
              .send(
                JSON.stringify({
                  statusCode: status,
                  error: actor ? 'Forbidden' : 'Unauthorized',
                  message: actor
                    ? 'Only the admin role may see the queues'
                    : 'A valid bearer token is required',
                }),
              );
          }
        });
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUES_DASHBOARD_PATH },
    );
  }

  private async actorOf(request: FastifyRequest) {
    const verdict = this.tokens.verdictOfRequest(request);
    if (verdict === undefined) return this.sessions.actorOfRequest(request);
    const outcome = await verdict;
    return 'actor' in outcome ? outcome.actor : undefined;
  }
}
