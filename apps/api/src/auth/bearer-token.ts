import type { IncomingHttpHeaders } from 'node:http';

/** The token of `Authorization: Bearer <token>`, or undefined when there is none. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
}
