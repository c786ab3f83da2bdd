import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ApiExtraModels, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { RecoveryBoard, redisWriteRefusal, type Recovery } from '@cl/redis';
import { REDIS, RedisSettingsCheck } from '@cl/redis/nest';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { calendarWarning, policyInForce, type PolicyInForce } from '@cl/service-levels';
import type { PublicRequest } from '../auth/auth.guard';
import type { ProjectionRunner } from '@cl/projections';
import { TIMERS_QUEUE_HANDLE } from '@cl/timers/nest';
import { QUEUE_STATES } from '../metrics/timer-gauges';
import { Public } from '../auth/allow.decorator';
import { projectionStatus } from '@cl/projections';
import { PROJECTION_RUNNERS } from '@cl/read-models/nest';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { HealthReport, ProjectionHealth, QueueCounts, RecoveryHealth } from './dto/health.response';

/** GET /health: the state of each dependency; 503 when one is down. */
@Public()
@ApiTags('operations')
@ApiExtraModels(ProjectionHealth, QueueCounts, RecoveryHealth)
@Controller('health')
export class HealthController {
  private readonly recoveries: RecoveryBoard;
  private readonly policy?: PolicyInForce;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PROJECTION_RUNNERS) private readonly runners: ProjectionRunner[],
    @Inject(TIMERS_QUEUE_HANDLE) private readonly timersQueue: Queue,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redisSettings: RedisSettingsCheck,
  ) {
    this.recoveries = new RecoveryBoard(redis, config.redisPrefix);
    if (config.slaPolicy) this.policy = policyInForce(config.slaPolicy);
  }

  @Get()
  @ApiEndpoint({ summary: 'The state of each dependency and each projection’s lag', type: HealthReport })
  @ApiResponse({ status: 503, description: 'A dependency is down', type: HealthReport })
  async check(@Req() request: PublicRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const admin = request.actor?.role === 'admin';
    const results = await this.health
      .check([
        () => this.probe('eventStore', () => this.store.headPosition()),
        () => this.probe('redis', () => this.redis.ping()),
      ])
      .catch((error: { response?: { details?: Record<string, { status: string }> } }) => ({
        status: 'error' as const,
        details: error.response?.details ?? {},
      }));
    // The store answers reads but cannot write (a full disk): down for /health too, with the reason.
    const cannotWrite =
      results.details.eventStore?.status === 'up'
        ? await this.store.cannotWrite().catch(() => undefined)
        : undefined;
    // A Redis found evicting after the start (it restarted with other settings) must not be used.
    const evicting = this.redisSettings.refusal;
    // A Redis that refuses writes (its append-only file on a full disk): down, with the reason.
    // (Redis answers even PING with MISCONF then: ask it, if the connection itself is up.)
    const redisCannotWrite =
      results.details.redis?.status === 'up' || this.redis.status === 'ready'
        ? await redisWriteRefusal(this.redis).catch(() => undefined)
        : undefined;
    const ok = results.status === 'ok' && cannotWrite === undefined && !evicting && !redisCannotWrite;
    reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    const recovering = ok ? await this.recoveries.list() : [];
    return {
      status: !ok ? 'error' : recovering.length > 0 ? 'recovering' : 'ok',
      ...(recovering.length > 0 && {
        recovering: recovering.map((recovery) => shownTo(admin, recovery)),
      }),
      eventStore:
        cannotWrite === undefined
          ? (results.details.eventStore?.status ?? 'down')
          : stateShownTo(admin, 'cannot write', cannotWrite),
      redis: evicting
        ? stateShownTo(admin, 'evicting', `maxmemory-policy ${evicting.policy}`)
        : redisCannotWrite
          ? stateShownTo(admin, 'cannot write', redisCannotWrite)
          : (results.details.redis?.status ?? 'down'),
      ...(admin && this.redisSettings.warnings.length > 0 && { warnings: [...this.redisSettings.warnings] }),
      ...(this.policy && { serviceLevels: calendarWarning(this.policy, Date.now()) ?? 'ok' }),
      projections: ok ? await this.projections(admin) : {},
      queues: ok ? { [this.timersQueue.name]: await this.timersQueue.getJobCounts(...QUEUE_STATES) } : {},
    };
  }

  /**
   * Each projection's checkpoint, how many events it has yet to see, and its state: running,
   * rebuilding after a failed batch, failing while `project()` throws on an event or that
   * rebuild fails too, superseded by a newer version. The error and the position it fails at only for an admin.
   */
  private async projections(admin: boolean): Promise<Record<string, ProjectionHealth>> {
    const statuses = await projectionStatus(this.store, this.runners);
    return Object.fromEntries(
      statuses.map(({ name, position, lag, state, error, failingAt, attempts, retryAt }) => [
        name,
        {
          position: position.toString(),
          lag,
          state,
          ...(admin && error !== undefined && { error }),
          ...(admin && failingAt !== undefined && { failingAt: failingAt.toString(), attempts, retryAt }),
        },
      ]),
    );
  }

  private async probe(key: string, call: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      await withTimeout(call(), 2000);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}

/**
 * A dependency's state, with its reason (an SQLite or Redis error text, a setting) to an admin
 * token only: such texts may name files, hosts and settings.
 */
function stateShownTo(admin: boolean, state: 'cannot write' | 'evicting', reason: string): string {
  return admin ? `${state}: ${reason}` : state;
}

/** What a recovery shows: its reason (positions, store ids) to an admin token only. */
function shownTo(admin: boolean, { component, reason, since }: Recovery): RecoveryHealth {
  return admin ? { component, since, reason } : { component, since };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
