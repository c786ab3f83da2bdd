import { BadRequestException, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { DAY_MS } from '@cl/domain';
import {
  ComplaintsReturnQuery,
  CustomerRiskQuery,
  EarlyWarningBacktestQuery,
  FunnelQuery,
  ProblemsQuery,
  returnPeriodBounds,
} from '@cl/read-models';
import { Allow } from '../auth/allow.decorator';
import { sendCsv, wantsCsv } from '../http/csv';
import { toInstant, toInstantList } from '../http/instant';
import { backtestCsvRows } from './backtest-csv-rows';
import {
  BACKTEST_HORIZON_DEFAULT,
  BACKTEST_MAX_INSTANTS,
  EarlyWarningBacktestQueryDto,
} from './dto/early-warning-backtest.query.dto';
import { EarlyWarningBacktest } from './dto/early-warning-backtest.response';
import {
  EARLY_WARNING_LIMIT_DEFAULT,
  EARLY_WARNING_LIMIT_MAX,
  EarlyWarningQueryDto,
} from './dto/early-warning.query.dto';
import { ComplaintsReturn } from './dto/complaints-return.response';
import { ComplaintsReturnQueryDto } from './dto/complaints-return.query.dto';
import { FunnelQueryDto } from './dto/funnel.query.dto';
import { PeriodQueryDto, ProblemsQueryDto } from './dto/period.query.dto';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { EarlyWarningList } from './dto/early-warning.response';
import { Funnel } from './dto/funnel.response';
import { BranchRankings, ProblemReport } from './dto/problems.response';

/** The analysts' views (eventually consistent; their lag is in /health). */
@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly funnel: FunnelQuery,
    private readonly risks: CustomerRiskQuery,
    private readonly backtests: EarlyWarningBacktestQuery,
    private readonly problems: ProblemsQuery,
    private readonly complaintsReturn: ComplaintsReturnQuery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('funnel')
  @Allow('analyst')
  @ApiEndpoint({ summary: 'The complaint funnel of a cohort', type: Funnel, errors: [400], csv: true })
  async getFunnel(
    @Query() query: FunnelQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { from, to } = period(query);
    const windowDays = query.repurchaseWindowDays ?? 90;
    if (!this.config.repurchaseWindows.includes(windowDays)) {
      throw new BadRequestException([
        `repurchaseWindowDays must be one of ${this.config.repurchaseWindows.join(', ')}`,
      ]);
    }
    const report = await this.funnel.report(from, to, query.groupBy, windowDays);
    return wantsCsv(request) ? sendCsv(reply, report.groups) : report;
  }

  @Get('problems')
  @Allow('analyst')
  @ApiEndpoint({
    summary: 'Problem areas beside the previous period',
    type: ProblemReport,
    errors: [400],
    csv: true,
  })
  async getProblems(
    @Query() query: ProblemsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { from, to } = period(query);
    const by = query.by ?? 'category';
    const rows = await this.problems.problems(from, to, by);
    return wantsCsv(request) ? sendCsv(reply, rows) : { from, to, by, rows };
  }

  @Get('complaints-return')
  @Allow('analyst')
  @ApiEndpoint({
    summary: 'The complaints return of a period',
    description:
      'Per category, product, branch, policy rule or root cause, over [from, to) or a period (YYYY-H1, YYYY-Q3, YYYY: local dates): complaints outstanding at the start, received and closed, closed by the third business day, after it within the final response and within the final response, outcomes, redress of first resolutions and redress paid, final responses breached and extended (docs/complaints-return.md)',
    type: ComplaintsReturn,
    errors: [400],
    csv: true,
  })
  async getComplaintsReturn(
    @Query() query: ComplaintsReturnQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ComplaintsReturn | string> {
    const { from, to } = returnPeriod(query, this.config.slaPolicy?.timezone ?? 'UTC');
    const by = query.by ?? 'category';
    const rows = await this.complaintsReturn.rows(from, to, by);
    if (!wantsCsv(request)) return { from, to, by, rows };
    // One column per list of amounts: `currency:amount` per currency, `;` between.
    const cell = (amounts: { currency: string; amount: number }[]) =>
      amounts.map(({ currency, amount }) => `${currency}:${amount}`).join(';');
    return sendCsv(
      reply,
      rows.map((row) => ({ ...row, redress: cell(row.redress), redressPaid: cell(row.redressPaid) })),
    );
  }

  @Get('branches')
  @Allow('analyst')
  @ApiEndpoint({
    summary: 'Branches ranked by satisfaction and by breach rate',
    type: BranchRankings,
    errors: [400],
    csv: true,
  })
  async getBranches(
    @Query() query: PeriodQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { from, to } = period(query);
    const rankings = await this.problems.branches(from, to);
    if (!wantsCsv(request)) return { from, to, ...rankings };
    return sendCsv(reply, [
      ...rankings.bySatisfaction.map((row, index) => ({
        ranking: 'bySatisfaction',
        rank: index + 1,
        ...row,
      })),
      ...rankings.byBreachRate.map((row, index) => ({ ranking: 'byBreachRate', rank: index + 1, ...row })),
    ]);
  }

  @Get('early-warning')
  @Allow('analyst')
  @ApiEndpoint({ summary: 'Customers at risk, ranked', type: EarlyWarningList, errors: [400], csv: true })
  async getEarlyWarning(
    @Query() query: EarlyWarningQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const asOf = query.asOf === undefined ? new Date().toISOString() : toInstant(query.asOf)!;
    const limit = Math.min(query.limit ?? EARLY_WARNING_LIMIT_DEFAULT, EARLY_WARNING_LIMIT_MAX);
    const minLevel = query.minLevel ?? 'watch';
    // Now: from the maintained ranking; any other asOf: every customer assessed at it.
    const customers =
      query.asOf === undefined
        ? await this.risks.rankedNow(minLevel, limit, Date.parse(asOf))
        : await this.risks.ranked(Date.parse(asOf), minLevel, limit);
    if (!wantsCsv(request)) return { asOf, customers };
    return sendCsv(
      reply,
      customers.map(({ reasons, ...customer }) => ({
        ...customer,
        reasons: reasons.map((reason) => `${reason.code}:${reason.points}`).join(';'),
      })),
    );
  }
  @Get('early-warning/backtest')
  @Allow('analyst')
  @ApiEndpoint({
    summary: 'How well the early-warning score foretold who was lost',
    description:
      'Per asOf: population, lost, AUC, precision and recall per level, top-decile lift, loss rate with and without each reason; across them, suggested points (in-sample, never applied). docs/domain.md, The backtest; docs/early-warning.md',
    type: EarlyWarningBacktest,
    errors: [400],
    csv: true,
  })
  async getEarlyWarningBacktest(
    @Query() query: EarlyWarningBacktestQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EarlyWarningBacktest | string> {
    const horizonDays = query.horizonDays ?? BACKTEST_HORIZON_DEFAULT;
    const asOfs = toInstantList(query.asOf, BACKTEST_MAX_INSTANTS)!.map((instant) => Date.parse(instant));
    const now = Date.now();
    const early = asOfs.filter((asOf) => asOf + horizonDays * DAY_MS > now);
    if (early.length > 0) {
      throw new BadRequestException([
        `asOf + horizonDays (${horizonDays}) must not be after now: ${early
          .map((asOf) => new Date(asOf).toISOString())
          .join(', ')}`,
      ]);
    }
    const backtest = await this.backtests.backtest(asOfs, horizonDays);
    return wantsCsv(request) ? sendCsv(reply, backtestCsvRows(backtest)) : backtest;
  }
}

/** from and to as instants, `to` after `from` (400 otherwise). */
function period(query: { from: string; to: string }): { from: string; to: string } {
  const [from, to] = [toInstant(query.from)!, toInstant(query.to)!];
  if (from >= to) throw new BadRequestException(['to must be later than from']);
  return { from, to };
}

/** from and to, or the period's local dates in `timezone` (400 when both are given). */
function returnPeriod(query: ComplaintsReturnQueryDto, timezone: string): { from: string; to: string } {
  if (query.period === undefined) return period({ from: query.from!, to: query.to! });
  if (query.from !== undefined || query.to !== undefined) {
    throw new BadRequestException(['period must not be given together with from or to']);
  }
  return returnPeriodBounds(query.period, timezone)!;
}
