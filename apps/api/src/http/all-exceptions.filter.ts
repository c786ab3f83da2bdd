import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdempotencyKeyReusedError } from '@cl/commands';
import type { IdempotentRequest } from '../idempotency/idempotency.guard';
import { IdempotentReplay } from '../idempotency/idempotent-replay';
import { toErrorResponse } from './error-response';

/** Every error leaves as the error body of docs/http-api.md; stored idempotent answers leave as stored. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof IdempotentReplay) {
      exception.send(reply);
      return;
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      // The key's answer is the recorded attempt's, to be given to a retry of that body.
      const claim = host.switchToHttp().getRequest<IdempotentRequest>().idempotency;
      if (claim) claim.doNotStore = true;
    }
    const { status, body, retryAfterSeconds } = toErrorResponse(exception);
    if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }
}
