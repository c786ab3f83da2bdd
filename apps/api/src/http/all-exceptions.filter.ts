import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdempotentReplay } from '../idempotency/idempotent-replay';
import { toErrorResponse } from './error-response';

/** Every error leaves as the error body of http-api.md; stored idempotent answers leave as stored. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof IdempotentReplay) {
      exception.send(reply);
      return;
    }
    const { status, body } = toErrorResponse(exception);
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }
}
