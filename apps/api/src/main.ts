import 'reflect-metadata';
import { ConfigError, loadConfig } from '@cl/config';
import { EventStoreLockedError } from '@cl/event-store';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as { port: number };
  const store = config.eventStore.kind === 'sqlite' ? config.eventStore.path : 'EventStoreDB';
  console.log(`Listening on http://${config.host}:${port} (role ${config.role}, store ${store})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EventStoreLockedError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
