import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, DECORATORS } from '@nestjs/swagger';
import type { ApiKeyRole } from '@cl/config';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { BEARER_SCHEME, PUBLIC_EXTENSION } from '../openapi/security';

export const ALLOWED_ROLES = 'allowedRoles';
export const PUBLIC_ROUTE = 'publicRoute';

/**
 * The roles that may call a route; admin may call every route. The OpenAPI document says so
 * too: bearer security, 401 and 403 (and 429 under RATE_LIMIT_PER_MINUTE), `x-roles`.
 */
export const Allow = (...roles: ApiKeyRole[]) =>
  applyDecorators(
    SetMetadata(ALLOWED_ROLES, roles),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-roles', [...roles, 'admin']),
    ApiErrors(401, 403, 429),
  );

/**
 * A route that needs no token (GET /health, GET /metrics, POST/DELETE /console/session): no
 * security (`security: []`) in the document. On a class, @nestjs/swagger writes the empty list
 * itself; on a method it drops it, so the operation is marked and buildOpenApiDocument writes it.
 */
export const Public = () =>
  applyDecorators(
    SetMetadata(PUBLIC_ROUTE, true),
    SetMetadata(DECORATORS.API_SECURITY, []),
    ApiExtension(PUBLIC_EXTENSION, true),
  );
