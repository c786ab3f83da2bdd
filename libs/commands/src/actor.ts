import type { ApiKeyRole } from '@cl/config';

/**
 * Who makes a request: the token's role and its API key's actor id (the entry's actorId, or
 * a keyed HMAC of the token: docs/http-api.md, Authentication); or the service itself (role
 * `system`) for what its reactors record.
 */
export interface Actor {
  id: string;
  role: ApiKeyRole | 'system';
}
