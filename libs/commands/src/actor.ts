import type { ApiKeyRole } from '@cl/config';

/** How an actor proved who it is: an API key's token, or an OpenID Connect access token or sign-in. */
export type ActorSource = 'api-key' | 'oidc';

/**
 * Who makes a request: the token's role and its actor id (an API key's actorId, or a keyed
 * HMAC of the token; an OpenID Connect subject: docs/http-api.md, Authentication), the person's
 * name where the identity provider gives one, and how they signed in; or the service itself
 * (role `system`, no `via`) for what its reactors record. Events record it as it is.
 */
export interface Actor {
  id: string;
  role: ApiKeyRole | 'system';
  name?: string;
  via?: ActorSource;
}
