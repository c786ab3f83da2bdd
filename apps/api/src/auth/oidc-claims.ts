import { API_KEY_ROLES, type ApiKeyRole } from '@cl/config';
import type { Actor } from '@cl/commands';

/** Which claims name the actor and its role (OIDC_ACTOR_CLAIM, OIDC_ROLES_CLAIM). */
export interface ActorClaims {
  actorClaim: string;
  rolesClaim: string;
}

/** Why verified claims name no actor: no usable actor id (401), or no known role (403). */
export type ClaimsRejection =
  { rejected: 'invalid'; reason: string } | { rejected: 'no-role'; reason: string };

/** The longest actor id taken from a claim (ids are keys in Redis and fields of every event). */
const MAX_ACTOR_ID_LENGTH = 255;

/**
 * The actor that a verified token's claims (or a verified ID token's) name
 * (docs/http-api.md, Authentication): id from the actor claim, role the first value of the
 * roles claim (a string or a list) that is a known role, name from `name`, else
 * `preferred_username`.
 */
export function actorFromClaims(
  claims: Record<string, unknown>,
  names: ActorClaims,
): { actor: Actor } | ClaimsRejection {
  const id = claims[names.actorClaim];
  if (typeof id !== 'string' || id === '' || id.length > MAX_ACTOR_ID_LENGTH || hasControlCharacter(id)) {
    return { rejected: 'invalid', reason: `the token has no usable ${names.actorClaim} claim` };
  }
  const granted = claims[names.rolesClaim];
  const values = typeof granted === 'string' ? [granted] : Array.isArray(granted) ? granted : [];
  const role = values.find((value): value is ApiKeyRole => API_KEY_ROLES.includes(value as ApiKeyRole));
  if (role === undefined) {
    return {
      rejected: 'no-role',
      reason: `the token's ${names.rolesClaim} claim names none of the roles ${API_KEY_ROLES.join(', ')}`,
    };
  }
  const name = [claims.name, claims.preferred_username].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return { actor: { id, role, ...(name !== undefined && { name }), via: 'oidc' } };
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
