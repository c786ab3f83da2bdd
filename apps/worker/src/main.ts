/**
 * The worker process (ROLE=worker): runs the projections without serving HTTP, so the API
 * (ROLE=api) and the worker can run as separate processes. With the embedded store it opens
 * DATA_DIR/events.db beside the API process (not exclusive): both append (the timers' events).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@cl/config';
import { openEventStore } from '@cl/event-store/open';
import type { EventStore } from '@cl/event-store';
import { PROJECTIONS } from '@cl/read-models';
import { BackgroundModule, shutdownOnSignals } from '@cl/background';
import { RedisEvictsError } from '@cl/redis';

async function main(): Promise<void> {
  const config = { ...loadConfig(), role: 'worker' as const };
  const store: EventStore = openEventStore(config.eventStore);
  const app = await NestFactory.createApplicationContext(BackgroundModule.forRoot(config, store), {
    logger: ['error', 'warn', 'log'],
    abortOnError: false,
  });
  shutdownOnSignals(
    () => [{ name: 'the background work', run: () => app.close() }],
    config.shutdownTimeoutSeconds,
  );
  console.log(`Worker running projections: ${PROJECTIONS.map((projection) => projection.name).join(', ')}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisEvictsError) console.error(error.message);
  else if ((error as { code?: string }).code === 'SQLITE_CANTOPEN') {
    console.error(
      'Cannot open DATA_DIR/events.db: check that DATA_DIR exists and this user may write to it.',
    );
  } else console.error(error);
  process.exit(1);
});
