import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@cl/config';
import { openEventStore } from '@cl/event-store';
import { AppModule } from './app.module';

/** Builds the NestJS application on Fastify; used by main.ts and by the end-to-end tests. */
export async function createApp(
  config: AppConfig,
  options: { logger?: LogLevel[] } = {},
): Promise<NestFastifyApplication> {
  const store = openEventStore(config.eventStore);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, store),
    new FastifyAdapter({ bodyLimit: 64 * 1024 }),
    { logger: options.logger ?? ['error', 'warn', 'log'], abortOnError: false },
  ).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  app.enableShutdownHooks();
  return app;
}
