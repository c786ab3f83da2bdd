import {
  BadRequestException,
  HttpStatus,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import canonicalize from 'canonicalize';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { toErrorResponse } from '../http/error-response';
import { etagOf } from '../http/revision-etag';
import { IdempotencyStore } from './idempotency-store';
import { IdempotentReplay, type StoredAnswer } from './idempotent-replay';

/** Answers that are never stored: the retry must be able to succeed (http-api.md). */
const NOT_STORED = new Set([401, 403, 413, 415]);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Idempotency-Key on POST/PUT, scoped to the token and method+path: a retry with the same
 * key and JSON body within 24 h gets the original status and body byte for byte; a retry
 * while the first is in flight waits for its answer; the same key with another body is 422.
 * Runs after authentication and before validation, as the error precedence requires.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['idempotency-key'];
    if ((request.method !== 'POST' && request.method !== 'PUT') || key === undefined) return next.handle();
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      throw new BadRequestException('Idempotency-Key must be 1 to 255 characters');
    }
    const path = request.url.split('?')[0];
    const scope = sha256(JSON.stringify([request.headers.authorization ?? '', request.method, path, key]));
    const bodyHash = sha256(canonicalize(request.body ?? {}) ?? '');
    const successStatus =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);

    return from(this.store.claim(scope, bodyHash)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'answered') {
          if (claim.answer.bodyHash !== bodyHash) {
            throw new UnprocessableEntityException('This Idempotency-Key was used with another request body');
          }
          throw new IdempotentReplay(claim.answer);
        }
        return next.handle().pipe(
          mergeMap(async (result: unknown) => {
            const body = JSON.stringify(result);
            const etag = etagOf(result);
            await this.store.complete(scope, {
              bodyHash,
              status: successStatus,
              body,
              ...(etag && { etag }),
            });
            // Fastify serializes the answer with JSON.stringify too: the replay is the same bytes.
            return result;
          }),
          catchError(async (error: unknown) => {
            const { status, body } = toErrorResponse(error);
            if (NOT_STORED.has(status) || status >= 500) await this.store.release(scope);
            else {
              const answer: StoredAnswer = { bodyHash, status, body: JSON.stringify(body) };
              await this.store.complete(scope, answer);
            }
            throw error;
          }),
        );
      }),
    );
  }
}
