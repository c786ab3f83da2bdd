import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@cl/config';
import type { ResolveHost } from '@cl/integration';
import { openEventStore } from '@cl/event-store/open';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { FieldValidationPipe } from './http/field-validation.pipe';
import { acceptJsonBodiesOnly, BODY_LIMIT_BYTES } from './http/json-body';
import { ObjectBodyPipe } from './http/object-body.pipe';
import { setRevisionEtags } from './http/revision-etag';
import { sendSecurityHeaders } from './http/security-headers';
import { publishOpenApi } from './openapi-document/openapi-document';
import { limitRequestRate } from './rate-limit/request-rate-limit';
import { dataDirExposures } from './operations/data-dir-permissions';

/** Builds the NestJS application on Fastify; used by main.ts and by the end-to-end tests. */
export async function createApp(
  config: AppConfig,
  options: {
    logger?: LogLevel[];
    /** How webhook targets' host names are resolved (default: the system resolver). */
    resolveHost?: ResolveHost;
  } = {},
): Promise<NestFastifyApplication> {
  // One service per data directory; a worker or a tool may open the store beside it.
  const store = openEventStore(config.eventStore, { exclusive: config.role !== 'worker' });
  // TRUST_PROXY: request.ip and request.protocol come from X-Forwarded-For/-Proto only when
  // the connection comes from one of these addresses (proxy-addr), else from the socket.
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    ...(config.trustProxy.length > 0 && { trustProxy: config.trustProxy }),
  });
  const fastify = adapter.getInstance();
  acceptJsonBodiesOnly(fastify);
  setRevisionEtags(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, store, { resolveHost: options.resolveHost }),
    adapter,
    {
      logger: options.logger ?? ['error', 'warn', 'log'],
      abortOnError: false,
      bodyParser: false,
    },
  ).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  for (const warning of dataDirExposures(config.dataDir)) new Logger('DataDir').warn(warning);
  // First of the hooks, so that every answer (a 429, a 404, a 413) carries the headers.
  await sendSecurityHeaders(app).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  // Nest routes Fastify's own errors (413, 415, malformed JSON) through this filter too.
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(new ObjectBodyPipe(), new FieldValidationPipe());
  if (config.rateLimitPerMinute !== undefined) {
    const settings = { perMinute: config.rateLimitPerMinute, redisPrefix: config.redisPrefix };
    await limitRequestRate(app, settings).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
  }
  await publishOpenApi(app);
  return app;
}
