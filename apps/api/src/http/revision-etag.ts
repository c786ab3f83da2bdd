import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** `ETag: "<revision>"` for an answer that carries a stream revision. */
export function etagOf(body: unknown): string | undefined {
  const revision = (body as { revision?: unknown } | null)?.revision;
  return typeof revision === 'number' ? `"${revision}"` : undefined;
}

/** Sets the ETag of every answer with a `revision` (commands and GET /complaints/:id). */
@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const etag = etagOf(body);
        if (etag) void reply.header('etag', etag);
        return body;
      }),
    );
  }
}
