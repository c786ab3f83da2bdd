import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import requestMetadata from './request-metadata';
import { BEARER_SCHEME, PUBLIC_EXTENSION } from '../openapi/security';

/**
 * The OpenAPI document other services generate their clients from (docs/http-api.md): operations
 * documented by their decorators (`@ApiEndpoint`, `@ApiCommand`, `@Allow`, `@Public`),
 * request bodies and query parameters from the request DTOs (request-metadata.ts).
 */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(requestMetadata);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Complaint lifecycle')
      .setDescription(
        'Commands, queries, analytics, audit and integration of the complaint-lifecycle service. ' +
          'Every error answer has the body `{ statusCode, error, message }`.',
      )
      .setVersion('1')
      .addServer('/', 'this service (relative to where the document was fetched)')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'opaque token',
          description: 'a token from API_KEYS (an entry role:token or actorId@role:token)',
        },
        BEARER_SCHEME,
      )
      .build(),
  );
  return withPublicOperations(document);
}

/** `@Public()` operations declare no security (`security: []`) instead of the marker. */
function withPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Record<string, unknown>[]) {
      if (typeof operation !== 'object' || operation === null || !(PUBLIC_EXTENSION in operation)) continue;
      delete operation[PUBLIC_EXTENSION];
      operation.security = [];
    }
  }
  return document;
}

/** Serves the document at GET /docs (UI) and GET /docs-json, with no token. */
export async function publishOpenApi(app: INestApplication): Promise<void> {
  SwaggerModule.setup('docs', app, await buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
