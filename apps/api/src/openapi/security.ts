/** The name of the bearer-token security scheme in the OpenAPI document (docs/http-api.md, Authentication). */
export const BEARER_SCHEME = 'bearer';

/** Marks the operations of `@Public()` routes until buildOpenApiDocument gives them `security: []`. */
export const PUBLIC_EXTENSION = 'x-public';
