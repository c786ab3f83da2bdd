import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@cl/config';

export const ALLOWED_ROLES = 'allowedRoles';
export const PUBLIC_ROUTE = 'publicRoute';

/** The roles that may call a route; admin may call every route. */
export const Allow = (...roles: ApiKeyRole[]) => SetMetadata(ALLOWED_ROLES, roles);

/** A route that needs no token (GET /health, GET /metrics, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
