import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { judgeRedisSettings, readRedisSettings, type RedisEvictsError } from '../redis-settings';
import { REDIS } from './redis-token';

/** How long the start waits for Redis to check it; a Redis that answers later is checked then. */
const START_CHECK_MS = 2000;
/** Warnings already logged by this process (test suites start many services on one Redis). */
const warned = new Set<string>();

/**
 * Reads the Redis's settings at start and at every reconnect (a restarted Redis may be set up
 * otherwise): an evicting maxmemory-policy refuses the start (the error ends it) and, found
 * later, makes /health answer 503; a Redis without persistence is a warning in the log and in
 * /health.
 */
@Injectable()
export class RedisSettingsCheck implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  private verdict: { refusal?: RedisEvictsError; warnings: string[] } = { warnings: [] };
  private readonly onReady = () =>
    void this.check().catch((error) => this.logger.error((error as Error).message));

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Set when the Redis evicts: the service must not run on it. */
  get refusal(): RedisEvictsError | undefined {
    return this.verdict.refusal;
  }

  get warnings(): readonly string[] {
    return this.verdict.warnings;
  }

  async onModuleInit(): Promise<void> {
    const ready = await this.readyWithin(START_CHECK_MS);
    this.redis.on('ready', this.onReady);
    if (!ready) return;
    await this.check();
    if (this.verdict.refusal) throw this.verdict.refusal;
  }

  onModuleDestroy(): void {
    this.redis.off('ready', this.onReady);
  }

  private async check(): Promise<void> {
    this.verdict = judgeRedisSettings(await readRedisSettings(this.redis));
    if (this.verdict.refusal) this.logger.error(this.verdict.refusal.message);
    for (const warning of this.verdict.warnings) {
      if (warned.has(warning)) continue;
      warned.add(warning);
      this.logger.warn(warning);
    }
  }

  private readyWithin(ms: number): Promise<boolean> {
    if (this.redis.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const onReady = () => done(true);
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ready);
      };
      this.redis.on('ready', onReady);
    });
  }
}
