import 'reflect-metadata';
import { ConfigError, loadConfig } from '@cl/config';
import { EventStoreLockedError } from '@cl/event-store';
import { RedisEvictsError } from '@cl/redis';
import { createApp } from './create-app';
import {
  PROJECTION_PROCESS_ENV,
  runProjectionProcess,
  startProjectionProcess,
} from './projections/projection-process';

async function main(): Promise<void> {
  const config = loadConfig();
  if (process.env[PROJECTION_PROCESS_ENV] === '1') return runProjectionProcess(config);
  // ROLE=all: this process serves HTTP (and runs the reactor), a child runs the projections.
  const app = await createApp(config.role === 'all' ? { ...config, role: 'api' } : config);
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as { port: number };
  const store = config.eventStore.kind === 'sqlite' ? config.eventStore.path : 'EventStoreDB';
  console.log(`Listening on http://${config.host}:${port} (role ${config.role}, store ${store})`);
  if (config.role === 'all') startProjectionProcess((message) => console.log(message));
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof EventStoreLockedError ||
    error instanceof RedisEvictsError
  ) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
