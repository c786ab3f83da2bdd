import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { activeReadModelPrefix, ProjectionRunner } from '@cl/projections';
import { PROJECTIONS } from '../all-projections';
import { complaintListProjection } from '../complaint-list/complaint-list.projection';
import { ComplaintListQuery } from '../complaint-list/complaint-list.query';
import { funnelProjection } from '../funnel/funnel.projection';
import { FunnelQuery } from '../funnel/funnel.query';
import { ProblemsQuery } from '../problems/problems.query';
import { complaintMilestonesProjection } from '../complaint-milestones/complaint-milestones.projection';
import { ComplaintsReturnQuery } from '../complaints-return/complaints-return.query';
import { correctiveActionsProjection } from '../corrective-actions/corrective-actions.projection';
import { CorrectiveActionsQuery } from '../corrective-actions/corrective-actions.query';
import { customerRiskProjection } from '../risk/customer-risk.projection';
import { CustomerRiskQuery } from '../risk/customer-risk.query';
import { EarlyWarningBacktestQuery } from '../backtest/early-warning-backtest.query';
import { REDIS } from '@cl/redis/nest';

export const PROJECTION_RUNNERS = Symbol('PROJECTION_RUNNERS');

/** The async projections: run in ROLE=all and ROLE=worker; their queries serve in every role. */
class ProjectionLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(PROJECTION_RUNNERS) private readonly runners: ProjectionRunner[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    for (const runner of this.runners) runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}

/** A query over a projection's read model, reading its active generation. */
function readModelQuery<Query>(
  query: new (redis: Redis, keyPrefix: () => Promise<string>) => Query,
  projectionName: string,
): Provider {
  return {
    provide: query,
    inject: [REDIS, APP_CONFIG],
    useFactory: (redis: Redis, config: AppConfig) =>
      new query(redis, () => activeReadModelPrefix(redis, config.redisPrefix, projectionName)),
  };
}

@Global()
@Module({
  providers: [
    {
      provide: PROJECTION_RUNNERS,
      inject: [EVENT_STORE, REDIS, APP_CONFIG],
      useFactory: (store: EventStore, redis: Redis, config: AppConfig) => {
        const logger = new Logger('Projections');
        // One runner for all: one read of the store and one commit per batch serve the
        // projections that are level; one far behind (a rebuild) follows on its own until it
        // has caught up, one whose project() throws is held alone (docs/projections.md).
        return [
          new ProjectionRunner({
            store,
            redis,
            redisPrefix: config.redisPrefix,
            projections: PROJECTIONS,
            onError: (error) => logger.error((error as Error).message),
            onNotice: (message) => logger.log(message),
          }),
        ];
      },
    },
    readModelQuery(ComplaintListQuery, complaintListProjection.name),
    readModelQuery(FunnelQuery, funnelProjection.name),
    readModelQuery(CustomerRiskQuery, customerRiskProjection.name),
    readModelQuery(EarlyWarningBacktestQuery, customerRiskProjection.name),
    readModelQuery(ProblemsQuery, complaintListProjection.name),
    readModelQuery(ComplaintsReturnQuery, complaintMilestonesProjection.name),
    {
      provide: CorrectiveActionsQuery,
      inject: [REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) =>
        new CorrectiveActionsQuery(
          redis,
          () => activeReadModelPrefix(redis, config.redisPrefix, correctiveActionsProjection.name),
          () => activeReadModelPrefix(redis, config.redisPrefix, complaintListProjection.name),
        ),
    },
    ProjectionLifecycle,
  ],
  exports: [
    PROJECTION_RUNNERS,
    ComplaintListQuery,
    FunnelQuery,
    CustomerRiskQuery,
    EarlyWarningBacktestQuery,
    ProblemsQuery,
    ComplaintsReturnQuery,
    CorrectiveActionsQuery,
  ],
})
export class ProjectionsModule {}
