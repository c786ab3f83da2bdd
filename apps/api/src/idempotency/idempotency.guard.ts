import {
  BadRequestException,
  Injectable,
  UnprocessableEntityException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { IdempotencyStore, type HeldKey } from './idempotency-store';
import { IdempotentReplay } from './idempotent-replay';

/** A request that holds its Idempotency-Key until its answer is stored (see IdempotencyRecorder). */
export type IdempotentRequest = FastifyRequest & {
  idempotency?: {
    scope: string;
    bodyHash: string;
    key: HeldKey;
    /** Its answer must not be stored (it answers for another request's key; see AllExceptionsFilter). */
    doNotStore?: boolean;
  };
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Idempotency-Key on POST/PUT, scoped to the token and method+path: a retry with the same
 * key and JSON body within 24 h gets the original answer (IdempotentReplay); a retry while
 * the first is in flight waits for its answer; the same key with another body is 422.
 * A guard placed after authentication and before validation, as the error precedence
 * requires; the answer is stored by IdempotencyRecorder when it is sent. (A guard rather than
 * an interceptor: a route with no interceptor skips Nest's rxjs interceptor chain.)
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(private readonly store: IdempotencyStore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const key = request.headers['idempotency-key'];
    if ((request.method !== 'POST' && request.method !== 'PUT') || key === undefined) return true;
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      throw new BadRequestException('Idempotency-Key must be 1 to 255 characters');
    }
    const path = request.url.split('?')[0];
    const scope = sha256(JSON.stringify([request.headers.authorization ?? '', request.method, path, key]));
    const bodyHash = sha256(canonicalize(request.body ?? {}) ?? '');
    const claim = await this.store.claim(scope);
    if (claim.kind === 'answered') {
      if (claim.answer.bodyHash !== bodyHash) {
        throw new UnprocessableEntityException('This Idempotency-Key was used with another request body');
      }
      throw new IdempotentReplay(claim.answer);
    }
    request.idempotency = { scope, bodyHash, key: claim.key };
    return true;
  }
}
