import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RequestOrigin } from '../auth/request-origin.decorator';
import { toInstant } from '../http/instant';
import type { CommandContext } from '@cl/commands';

const MAX_AHEAD_MS = 5 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The context of a command from an HTTP request: occurredAt (not more than 5 minutes ahead;
 * omitted, the writer decides it), If-Match, the correlation id (X-Correlation-Id, or a new
 * one) and the Idempotency-Key's scope.
 */
export function commandContextFrom(
  { actor, headers, idempotency }: RequestOrigin,
  occurredAt?: string,
): CommandContext {
  const when = occurredAt === undefined ? undefined : toInstant(occurredAt)!;
  if (when !== undefined && Date.parse(when) > Date.now() + MAX_AHEAD_MS) {
    throw new BadRequestException(['occurredAt must not be more than 5 minutes ahead of the server clock']);
  }
  const correlation = headers['x-correlation-id'];
  if (correlation !== undefined && (typeof correlation !== 'string' || !TOKEN.test(correlation))) {
    throw new BadRequestException(['X-Correlation-Id must be 1-128 characters of A-Z a-z 0-9 _ . : -']);
  }
  const commandId = randomUUID();
  return {
    actor,
    correlationId: correlation ?? commandId,
    causationId: commandId,
    ...(when !== undefined && { occurredAt: when }),
    ifMatch: parseIfMatch(headers['if-match']),
    ...(idempotency && { idempotency: { scope: idempotency.scope, requestHash: idempotency.bodyHash } }),
  };
}

function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header) : null;
  if (!match) throw new BadRequestException(['If-Match must be a revision, e.g. "3"']);
  return Number(match[1]);
}
