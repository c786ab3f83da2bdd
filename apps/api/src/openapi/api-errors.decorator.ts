import { applyDecorators, type Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import {
  ConflictErrorBody,
  ErrorBody,
  RevisionMismatchErrorBody,
  UnprocessableErrorBody,
} from './error-body.response';

/** The error answers docs/http-api.md gives (Errors), each with its meaning and body. */
const ERROR_ANSWERS = {
  400: { description: 'Bad input: malformed JSON, unknown fields, wrong types, values out of range' },
  401: { description: 'No token, or an unknown token' },
  403: { description: 'The token’s role may not do this' },
  404: { description: 'Not found' },
  409: {
    description: 'Not allowed in the current status, an existing id or a repeated orderId',
    type: ConflictErrorBody,
  },
  412: { description: 'The `If-Match` revision is not the stream’s', type: RevisionMismatchErrorBody },
  413: { description: 'Body over 64 KiB' },
  415: { description: 'A body that is not application/json' },
  422: {
    description:
      'An Idempotency-Key reused with another body, or occurredAt earlier than the stream’s last event',
    type: UnprocessableErrorBody,
  },
  429: { description: 'Over RATE_LIMIT_PER_MINUTE (only when it is set); see Retry-After' },
  503: {
    description:
      'A dependency is down, or the event store cannot write (disk full, an I/O error, its write lock busy): nothing was written; see Retry-After',
  },
} satisfies Record<number, { description: string; type?: Type }>;

export type ErrorStatus = keyof typeof ERROR_ANSWERS;

/** What every command may answer besides the authentication errors (docs/http-api.md, Errors). */
export const COMMAND_ERRORS: ErrorStatus[] = [400, 404, 409, 412, 413, 415, 422, 503];

/** Error answers with the shared error body; defined once, used by every controller. */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => {
      const { description, type = ErrorBody } = ERROR_ANSWERS[status] as { description: string; type?: Type };
      return ApiResponse({ status, description, type });
    }),
  );
}
