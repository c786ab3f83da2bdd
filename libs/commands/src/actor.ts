import type { ApiKeyRole } from '@cl/config';

/**
 * Who makes a request: the token's role and a stable id derived from the token; or the
 * service itself (role `system`) for what its reactors record.
 */
export interface Actor {
  id: string;
  role: ApiKeyRole | 'system';
}
