import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CorrectiveActionsQuery } from '@cl/read-models';
import { Allow } from '../auth/allow.decorator';
import { sendCsv, wantsCsv } from '../http/csv';
import { toInstant } from '../http/instant';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import {
  CorrectiveActionEffectsQuery,
  EFFECT_WINDOW_DAYS_DEFAULT,
} from './dto/corrective-action.queries.dto';
import { CorrectiveActionEffects } from './dto/corrective-action.response';

/** Whether a fix reduced complaints: each action's before and after (docs/domain.md, Corrective actions). */
@ApiTags('analytics')
@Controller('analytics/corrective-actions')
export class CorrectiveActionEffectsController {
  constructor(private readonly query: CorrectiveActionsQuery) {}

  @Get()
  @Allow('analyst')
  @ApiEndpoint({
    summary:
      'The measured effect of each corrective action: complaints of its target before and after completion',
    type: CorrectiveActionEffects,
    errors: [400],
    csv: true,
  })
  async effects(
    @Query() query: CorrectiveActionEffectsQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CorrectiveActionEffects | string> {
    const asOf = query.asOf === undefined ? new Date().toISOString() : toInstant(query.asOf)!;
    const windowDays = query.windowDays ?? EFFECT_WINDOW_DAYS_DEFAULT;
    const actions = await this.query.effects(Date.parse(asOf), windowDays);
    return wantsCsv(request) ? sendCsv(reply, actions) : { asOf, windowDays, actions };
  }
}
