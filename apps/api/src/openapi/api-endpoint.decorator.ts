import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiErrors, COMMAND_ERRORS, type ErrorStatus } from './api-errors.decorator';

export interface EndpointDoc {
  summary: string;
  description?: string;
  /** The success status (default 200). */
  status?: number;
  /** The named schema of the success body (a class in a dto folder); null: no body (204). */
  type: Type | null;
  /** The error answers besides 401/403/429, which `@Allow` documents. */
  errors?: ErrorStatus[];
  /** `Accept: text/csv` answers the rows as CSV (the analytics views). */
  csv?: boolean;
}

/** One operation of the OpenAPI document: its summary, named success body and error answers. */
export function ApiEndpoint(doc: EndpointDoc): MethodDecorator {
  const { summary, description, status = 200, type, errors = [], csv = false } = doc;
  const success =
    type === null
      ? ApiResponse({ status, description: 'Done; no body' })
      : csv
        ? applyDecorators(
            ApiExtraModels(type),
            ApiResponse({
              status,
              description: 'JSON, or the rows as CSV with `Accept: text/csv`',
              content: {
                'application/json': { schema: { $ref: getSchemaPath(type) } },
                'text/csv': { schema: { type: 'string' } },
              },
            }),
          )
        : ApiResponse({ status, description: 'Success', type });
  return applyDecorators(ApiOperation({ summary, description }), success, ApiErrors(...errors));
}

/**
 * A command (docs/http-api.md, Commands and Concurrency): If-Match and Idempotency-Key accepted,
 * the new revision in ETag, and every command error.
 */
export function ApiCommand(doc: {
  summary: string;
  description?: string;
  status?: 200 | 201 | 202;
  type: Type;
}) {
  const status = doc.status ?? 200;
  return applyDecorators(
    ApiOperation({ summary: doc.summary, description: doc.description }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'apply only at this revision: `"<revision>"`',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: '1-255 characters; a retry with the same key and body answers the first answer again',
    }),
    ApiResponse({
      status,
      description: 'Applied',
      type: doc.type,
      headers: {
        ETag: { description: 'the stream’s new revision: `"<revision>"`', schema: { type: 'string' } },
      },
    }),
    ApiErrors(...COMMAND_ERRORS),
  );
}
