import { BadRequestException, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { CustomerRiskQuery, FunnelQuery } from '@cl/read-models';
import { Allow } from '../auth/allow.decorator';
import { sendCsv, wantsCsv } from '../http/csv';
import { toInstant } from '../http/instant';
import {
  EARLY_WARNING_LIMIT_DEFAULT,
  EARLY_WARNING_LIMIT_MAX,
  EarlyWarningQueryDto,
} from './dto/early-warning.query.dto';
import { FunnelQueryDto } from './dto/funnel.query.dto';

/** The analysts' views (eventually consistent; their lag is in /health). */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly funnel: FunnelQuery,
    private readonly risks: CustomerRiskQuery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('funnel')
  @Allow('analyst')
  async getFunnel(
    @Query() query: FunnelQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const [from, to] = [toInstant(query.from)!, toInstant(query.to)!];
    if (from >= to) throw new BadRequestException(['to must be later than from']);
    const windowDays = query.repurchaseWindowDays ?? 90;
    if (!this.config.repurchaseWindows.includes(windowDays)) {
      throw new BadRequestException([
        `repurchaseWindowDays must be one of ${this.config.repurchaseWindows.join(', ')}`,
      ]);
    }
    const report = await this.funnel.report(from, to, query.groupBy, windowDays);
    return wantsCsv(request) ? sendCsv(reply, report.groups) : report;
  }

  @Get('early-warning')
  @Allow('analyst')
  async getEarlyWarning(
    @Query() query: EarlyWarningQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const asOf = query.asOf === undefined ? new Date().toISOString() : toInstant(query.asOf)!;
    const limit = Math.min(query.limit ?? EARLY_WARNING_LIMIT_DEFAULT, EARLY_WARNING_LIMIT_MAX);
    const customers = await this.risks.ranked(Date.parse(asOf), query.minLevel ?? 'watch', limit);
    if (!wantsCsv(request)) return { asOf, customers };
    return sendCsv(
      reply,
      customers.map(({ reasons, ...customer }) => ({
        ...customer,
        reasons: reasons.map((reason) => `${reason.code}:${reason.points}`).join(';'),
      })),
    );
  }
}
