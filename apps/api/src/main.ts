import 'reflect-metadata';
import { ConfigError, loadConfig } from '@cl/config';
import { EventStoreLockedError } from '@cl/event-store';
import { RedisEvictsError } from '@cl/redis';
import { shutdownOnSignals } from '@cl/background';
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
  let child: ReturnType<typeof startProjectionProcess> | undefined;
  // Before anything is announced: a signal from whoever read the announcement finds it in place.
  // Stops accepting connections, answers what is in flight, drains the group commit, lets the
  // background work release what it holds; the projection child does the same; then exits.
  shutdownOnSignals(
    () => [
      { name: 'the HTTP API', run: () => app.close() },
      ...(child ? [{ name: 'the projection process', run: () => child!.stop() }] : []),
    ],
    config.shutdownTimeoutSeconds,
  );
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as { port: number };
  const store = config.eventStore.kind === 'sqlite' ? config.eventStore.path : 'EventStoreDB';
  console.log(`Listening on http://${config.host}:${port} (role ${config.role}, store ${store})`);
  if (config.role === 'all') child = startProjectionProcess((message) => console.log(message));
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
