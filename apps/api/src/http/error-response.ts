import { HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '@cl/domain';
import { IdempotencyKeyReusedError, RevisionMismatchError } from '@cl/commands';
import { EventStoreUnavailableError } from '@cl/event-store';
import { KeyErasureNotFlushedError } from '@cl/personal-data';
import { isRedisWriteRefusal } from '@cl/redis';

/** The error body of docs/http-api.md: `{ statusCode, error, message }`, plus fields of its kind. */
export interface ErrorResponse {
  status: number;
  body: { statusCode: number; error: string; message: string | string[]; [field: string]: unknown };
  /** Sent as Retry-After: the condition is expected to pass. */
  retryAfterSeconds?: number;
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  out_of_order: 422,
};

const logger = new Logger('HttpError');

/** One mapping from anything thrown to the answer, used by the filter and the idempotency record. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof DomainError) {
    return make(DOMAIN_STATUS[exception.kind], exception.message, exception.details);
  }
  if (exception instanceof RevisionMismatchError) {
    return make(412, exception.message, {
      expectedRevision: exception.expectedRevision,
      actualRevision: exception.actualRevision,
    });
  }
  if (exception instanceof IdempotencyKeyReusedError) return make(422, exception.message);
  if (isRedisWriteRefusal(exception)) {
    logger.warn((exception as Error).message);
    return {
      ...make(503, 'Redis cannot write now (its disk is full?): retry later, with the same Idempotency-Key.'),
      retryAfterSeconds: 5,
    };
  }
  if (exception instanceof EventStoreUnavailableError) {
    logger.warn(exception.message);
    return { ...make(503, `${exception.message}. Nothing was recorded; retry later.`), retryAfterSeconds: 5 };
  }
  if (exception instanceof KeyErasureNotFlushedError) {
    logger.warn(exception.message);
    return {
      ...make(
        503,
        'The customer’s keys are deleted, but another process held the key store, so their bytes may remain in it until it is flushed; nothing was recorded: retry the erasure.',
      ),
      retryAfterSeconds: 1,
    };
  }
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    if (typeof response === 'string') return make(exception.getStatus(), response);
    const { message, statusCode: _statusCode, error: _error, ...extra } = response as Record<string, unknown>;
    return make(
      exception.getStatus(),
      (message as string | string[] | undefined) ?? exception.message,
      extra,
    );
  }
  // Errors Fastify raises before a route runs: body too large, media type, malformed JSON.
  const statusCode = (exception as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return make(statusCode, (exception as Error).message);
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return make(500, 'Internal server error');
}

function make(
  status: number,
  message: string | string[],
  extra: Record<string, unknown> = {},
): ErrorResponse {
  return { status, body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...extra } };
}
