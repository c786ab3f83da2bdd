import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { LogLevel } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@cl/config';
import type { ResolveHost } from '@cl/integration';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { ProjectionRunner } from '@cl/projections';
import { deleteKeysUnder } from '@cl/redis';
import { PROJECTION_RUNNERS } from '@cl/read-models/nest';
import { createApp } from '../../apps/api/src/create-app';
import { API_KEYS, httpClient } from './http-client';
import { makeTempDir } from './temp-dir';
import { testStoreEnv } from './test-store';

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  stop: () => Promise<void>;
}

/**
 * The real service on a real HTTP port, with a fresh store (SQLite, or a namespace of its own
 * on EventStoreDB: see test-store.ts) and a Redis key prefix of its own. `stop()` closes it
 * and deletes the data directory and its own Redis keys only. `resolveHost` replaces the
 * system resolver for webhook targets (DNS rebinding played through the real service).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  logger: LogLevel[] = ['error', 'warn'],
  options: { resolveHost?: ResolveHost; configure?: (config: AppConfig) => AppConfig } = {},
): Promise<TestApp> {
  const dir = makeTempDir('app');
  const dataDir = env.DATA_DIR ?? dir.path;
  const loaded = loadConfig({
    ...process.env,
    ...testStoreEnv(dataDir),
    DATA_DIR: dataDir,
    REDIS_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    PORT: '0',
    ...env,
  });
  // What no setting can say, e.g. a shorter wait between fetches of an issuer's keys.
  const config = options.configure ? options.configure(loaded) : loaded;
  const app = await createApp(config, { logger, resolveHost: options.resolveHost });
  // PORT 0 (any free port) unless the test chose one (e.g. to name it in PUBLIC_URL).
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    stop: async () => {
      await app.close();
      await deleteRedisKeys(config.redisUrl, config.redisPrefix).catch(() => undefined);
      dir.remove();
    },
  };
}

/** Deletes the keys under `prefix:` and nothing else (the Redis may be shared). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Throws with the answer's status and body unless it is a success: for setting up test data. */
export async function expectOk(answer: Promise<{ status: number; text: string }>): Promise<void> {
  const { status, text } = await answer;
  if (status >= 300) throw new Error(`${status} ${text}`);
}

/** Resolves once every projection of the service has applied every event in the store. */
export async function waitForProjections(app: NestFastifyApplication): Promise<void> {
  const head = await app.get<EventStore>(EVENT_STORE).headPosition();
  for (const runner of app.get<ProjectionRunner[]>(PROJECTION_RUNNERS)) await runner.waitFor(head);
}

/** One started service for a whole describe block, as useTestApp hands it out. */
export interface TestAppFixture {
  /** The started service (after the fixture's beforeAll). */
  readonly service: TestApp;
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly config: AppConfig;
  /** The service's own store (EVENT_STORE). */
  readonly store: EventStore;
  /** A request against the service (httpClient: the agent's token unless told). */
  http: ReturnType<typeof httpClient>;
  /** Resolves once every projection of the service has applied every event in the store. */
  projectionsCaughtUp(): Promise<void>;
}

/**
 * The e2e fixture: registers a beforeAll that starts the service (startTestApp with the
 * test tokens of API_KEYS, then `env`, read when it starts: an earlier beforeAll may fill it in) and an afterAll that stops it, and returns the handle
 * the tests use. Call it at the top of a describe block; a beforeAll registered after it
 * (e.g. to record the test data) runs once the service is up.
 */
export function useTestApp(
  env: Record<string, string> = {},
  options: {
    logger?: LogLevel[];
    resolveHost?: ResolveHost;
    configure?: (config: AppConfig) => AppConfig;
  } = {},
): TestAppFixture {
  let started: TestApp | undefined;
  let client: ReturnType<typeof httpClient> | undefined;
  const service = (): TestApp => {
    if (!started)
      throw new Error('useTestApp: the service is not started (use it inside a test or a later beforeAll)');
    return started;
  };
  beforeAll(async () => {
    started = await startTestApp({ API_KEYS, ...env }, options.logger, {
      resolveHost: options.resolveHost,
      configure: options.configure,
    });
    client = httpClient(started.url);
  });
  afterAll(async () => {
    await started?.stop();
    started = undefined;
  });
  return {
    get service() {
      return service();
    },
    get app() {
      return service().app;
    },
    get url() {
      return service().url;
    },
    get config() {
      return service().config;
    },
    get store() {
      return service().app.get<EventStore>(EVENT_STORE);
    },
    http: (...args) => {
      service();
      return client!(...args);
    },
    projectionsCaughtUp: () => waitForProjections(service().app),
  };
}
