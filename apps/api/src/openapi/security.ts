/** The name of the bearer-token security scheme in the OpenAPI document (http-api.md, Authentication). */
export const BEARER_SCHEME = 'bearer';
